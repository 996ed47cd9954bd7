/** Sent in the default User-Agent. Kept in step with package.json by a test. */
export const CLIENT_VERSION = '0.1.0';
