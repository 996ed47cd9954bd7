/** Where the client's debug logs and validation warnings go. Fields are already redacted. */
export interface ZolozLogger {
  debug?(message: string, fields: Record<string, unknown>): void;
  warn?(message: string, fields: Record<string, unknown>): void;
}
