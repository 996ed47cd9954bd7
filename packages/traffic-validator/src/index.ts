/**
 * @zoloz-openapi/traffic-validator — validates captured ZOLOZ gateway traffic (HAR 1.2, JSON Lines)
 * against the spec's generated validators and the gateway protocol. The `zoloz-openapi` CLI is dist/cli.js.
 */
export type * from './types.js';
export type { AjvError, OperationInfo, PersonalDataMarks, PersonalField, SpecRuntime, Validator } from './spec-runtime.js';
export { loadGeneratedSpec } from './generated-spec.js';
export { readCapture, readCaptureStream, detectFormat, type CaptureFormat } from './capture-reader.js';
export { HarEntryScanner, readHarEntries, type HarItem } from './har-scanner.js';
export { readJsonLines, type JsonlLine } from './jsonl-reader.js';
export { openInput, UnusableInputError, type OpenedInput } from './input-stream.js';
export { exchangeFromHarEntry, exchangeFromJsonlRecord, ShapeError } from './exchange-shape.js';
export { OperationMatcher, pathOf, type MatchResult } from './operation-matcher.js';
export { ExchangeValidator, type ExchangeObserver, type ValidatorOptions } from './exchange-validator.js';
export {
  CoverageCollector,
  loadCoverageUniverse,
  type CoverageReport,
  type CoverageTotals,
  type CoverageUniverse,
  type OperationCoverage,
} from './coverage.js';
export { Redactor, personalClassOf, type RedactionOptions } from './redaction.js';
export { loadKeysFile, type TrafficKeys } from './keys.js';
export {
  validateTraffic,
  runTrafficReport,
  type ValidateTrafficOptions,
  type ReportRun,
  type ReportRunOptions,
} from './validate-traffic.js';
export { validateBody, UnknownOperationError, type BodyReport } from './validate-body.js';
export { JsonReport, REPORT_SCHEMA_ID } from './report/json-report.js';
export { PrettyReport } from './report/pretty-report.js';
export { JunitReport } from './report/junit-report.js';
export { SarifReport } from './report/sarif-report.js';
export { SummaryCounter, exitCodeFor, locationLabel, type ReportMeta, type ReportSink } from './report/sink.js';
export { runCli, type CliIo } from './cli.js';
