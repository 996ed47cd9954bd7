/** The CLI's help texts: the contract scripts and CI jobs rely on. */
export const MAIN_HELP = `zoloz-openapi — tools for the ZOLOZ identity APIs (Connect, RealID)

Usage:
  zoloz-openapi validate-traffic <capture> [--format pretty|json|junit|sarif] [--keys <keys.json>] [--show-values] [options]
  zoloz-openapi validate-body --operation <operationId> (--request|--response) [--format pretty|json] <file|->
  zoloz-openapi proxy --target <gateway-url> [--port 4020] [--record capture.jsonl|capture.har] [options]
  zoloz-openapi help [command]      zoloz-openapi <command> --help      zoloz-openapi --version

Commands:
  validate-traffic   Check every exchange of a recorded capture (HAR 1.2 or JSON Lines, optionally gzipped)
                     against the OpenAPI contract and the gateway protocol; report exchange by exchange.
  validate-body      Check one JSON body against one operation's request or response schema.
  proxy              A validating reverse proxy in front of the gateway (or the mock): forwards every byte
                     unchanged, validates each exchange as validate-traffic does, records, serves metrics.

Exit codes (every command; the proxy's when it stops):
  0  everything is valid
  1  violations found (invalid, undocumented or unreadable exchanges; an invalid body)
  2  unusable input or arguments (missing file, not a HAR/JSON Lines capture, a capture with no exchange
     at all, bad option, bad keys file)

Personal data (faces, ID numbers, names…) is redacted by default in every report format, driven by the
spec's x-zoloz-personal-data marks: a violation on a personal field shows its type, length and a short
keyed hash, never its value. --show-values opts in.
`;

export const VALIDATE_TRAFFIC_HELP = `Usage: zoloz-openapi validate-traffic <capture> [options]

Validates a capture of what a service exchanged with the ZOLOZ gateway, exchange by exchange.

<capture>
  A file or - (stdin). HAR 1.2 (browsers, Charles, mitmproxy, proxies) or JSON Lines, one exchange per
  line (format: docs/traffic-jsonl-format.md). Gzip is detected from the bytes (any name). The format is
  taken from the name (.har, .jsonl, .ndjson, optionally .gz), else from the first bytes ({"log": → HAR).
  Files of any size are streamed: memory stays flat however large the capture.

Options:
  --format <f>        pretty (default; grouped, deduplicated, with counts), json (a summary and one record
                      per exchange; schema: docs/traffic-report-schema.md), junit (JUnit XML, one test case
                      per exchange, one suite per operation), sarif (SARIF 2.1.0)
  --keys <file>       JSON keys file enabling the protocol checks; any subset of:
                        { "clientId":           "2089012345678900",  (default: each request's Client-Id)
                          "merchantPublicKey":  …,  verifies request signatures
                          "zolozPublicKey":     …,  verifies response signatures
                          "merchantPrivateKey": …,  decrypts RSA_AES response bodies (and request bodies:
                                                    the gateway answers with the request's AES key)
                          "zolozPrivateKey":    … } decrypts request bodies directly (mock / test set-ups)
                      Each key is PEM text, base64 DER (as the ZOLOZ portal gives it) or a path to a
                      file holding either (relative to the keys file). Without a key, its check is
                      reported as skipped, and encrypted bodies are not validated.
  --show-values       Show values of personal fields in violations (off by default; see below).
  --input-format <f>  har or jsonl: override format detection.
  --no-flow           Skip the cross-exchange checks (useful for captures that start mid-flow).
  -o, --output <file> Write the report to a file instead of stdout.
  --coverage <file>   Also write what the capture covered of the spec, as JSON: per operation the exchanges,
                      the result codes, request/response fields (JSON pointers, array items and map keys
                      as /*) and enum values seen and documented, then "totals" (covered/total of each).
                      The pretty report then ends with a coverage table.
  --coverage-html <file>
                      The same as one self-contained offline HTML page (a table per operation).
  -h, --help          This help.

What is checked, per exchange:
  - matching: by method and path against the spec's operations, whatever the host or a base-path
    prefix; an unknown path or method is reported as "undocumented" (never dropped).
  - bodies: request and response against the operation's precompiled JSON Schema validators; every
    violation, each with its JSON pointer, the schema keyword and a plain message.
  - content types: application/json (plain) or text/plain (RSA_AES-encrypted), charset UTF-8.
  - gateway headers: Client-Id (16 digits), Request-Time / Response-Time (yyyy-MM-dd'T'HH:mm:ss±HHMM),
    Signature (algorithm=RSA256, signature=…), Encrypt (algorithm=RSA_AES, symmetricKey=…); a response
    must be encrypted exactly when its request was. A missing response is a violation; a status other
    than 200 is checked against the operation's response for it (the spec's "default": only "result"),
    and is a violation when the operation documents none.
  - with --keys: signatures verified over the raw bytes, encrypted bodies decrypted before validation.
  - undocumented fields (not listed by the spec; the real gateway sends some) are reported separately
    and do not make an exchange invalid.
  - flow across the capture: a checkresult whose transactionId no earlier initialize (same product)
    returned; a non-idempotent operation repeated with the same bizId.

Nothing is lost: every item of the input appears in the report as valid, invalid, undocumented or
unreadable, and the summary's counts add up to the input's (blank JSONL lines are not items). A malformed
line or HAR entry is reported with its line number (JSONL, 1-based) or entry index (log.entries[i],
0-based) and the run goes on. Progress is shown on stderr when it is a terminal.

Exit codes: 0 all exchanges valid (undocumented fields allowed); 1 any invalid, undocumented or unreadable
exchange; 2 unusable input or arguments (also an empty capture: nothing to validate is not "all valid").

Redaction: a violation on a field the spec marks personal (x-zoloz-personal-data), and any value that is
an object, an array or a string over 64 characters, shows only its type, length and a 12-hex-digit HMAC
(per-run random key: equal values match within one report, nothing can be looked up across runs). Values
of undocumented fields are never shown. --show-values shows values (long ones cut at 1000 characters).
`;

export const VALIDATE_BODY_HELP = `Usage: zoloz-openapi validate-body --operation <operationId> (--request|--response) [--format pretty|json] <file|->

Validates one JSON body (a file, or - for stdin) against one operation's request or response schema,
reporting every violation with its JSON pointer, schema keyword and a plain message, and fields the
spec does not list as undocumented (which do not fail the check).

Options:
  --operation <id>    The operationId (e.g. ConnectInitialize, RealIdCheckresult; see the list printed
                      for an unknown id).
  --request           Validate against the request schema.
  --response          Validate against the response schema (the 200 response).
  --format <f>        pretty (default) or json: {"operationId","direction","valid","violations":[…],
                      "undocumentedFields":[…]} (violation records as in docs/traffic-report-schema.md).
  --show-values       Show values of personal fields (redacted by default, as for validate-traffic).
  -h, --help          This help.

Exit codes: 0 valid; 1 violations found; 2 unusable input or arguments (missing file, not JSON,
unknown operation, bad option).
`;

export const PROXY_HELP = `Usage: zoloz-openapi proxy --target <gateway-url> [--port 4020] [--host 127.0.0.1] [--keys keys.json]
         [--record capture.jsonl|capture.har] [--report report.json] [--format pretty|json|junit|sarif]
         [--coverage coverage.json] [--metrics-port <n>]

A reverse proxy to put between your services and the ZOLOZ gateway (sandbox, staging) or the mock. It only
observes: every byte is forwarded unchanged both ways (signatures still verify end to end), bodies stream,
connections are kept alive; a violation never alters, delays or blocks traffic.

Options:
  --target <url>      Where to forward: http(s)://host[:port][/base-path] (e.g. https://sg-sandbox-api.zoloz.com,
                      or http://127.0.0.1:4010 for npm run mock -- --gateway).
  --port <n>          Port to listen on (default 4020; 0: a free one, printed on stderr).
  --host <addr>       Interface to listen on, also for --metrics-port (default 127.0.0.1).
  --keys <file>       As for validate-traffic: verify signatures, decrypt RSA_AES bodies before validating.
  --record <file>     Record every exchange byte-exact: *.har → HAR 1.2, otherwise JSON Lines
                      (validate-traffic --keys on the recording verifies every signature). A request the
                      target did not answer is recorded without a response.
  --report <file>     Write the report there when stopping (default: stdout).
  --format <f>        Report format: pretty (default), json, junit, sarif (as for validate-traffic).
  --coverage <file>   Write the coverage JSON when stopping (as validate-traffic --coverage).
  --metrics-port <n>  Serve Prometheus metrics on GET /metrics: exchanges by operation, result code and
                      validity; violations by category; upstream latency histogram.
  --show-values       Show values of personal fields in the report (redacted by default).
  --no-flow           Skip the cross-exchange checks.
  -h, --help          This help.

Each exchange gives one line on stderr: sequence, operationId, HTTP status, result code, valid or the
number of violations, latency (no body, header or personal value). The target unreachable or silent for
120 s: the caller gets 502 and the exchange counts as invalid (no response).

Stop with Ctrl-C or SIGTERM: it stops accepting, finishes in-flight exchanges, writes the report, the
recording and the coverage, then exits 0 when every exchange was valid, 1 otherwise (2: bad arguments,
port in use, unwritable file).
`;
