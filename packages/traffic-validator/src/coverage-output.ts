import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { CoverageCollector, loadCoverageUniverse, type CoverageReport, type CoverageUniverse } from './coverage.js';
import { describeFsError, UnusableInputError } from './input-stream.js';
import { coverageHtml } from './report/coverage-html.js';
import { coverageTable } from './report/coverage-table.js';
import type { ReportSink } from './report/sink.js';

export interface CoverageTargets {
  /** `--coverage <file.json>` */
  readonly json?: string | undefined;
  /** `--coverage-html <file.html>` */
  readonly html?: string | undefined;
}

/** The coverage file: what ran, the totals first, then per operation. */
export interface CoverageFile extends CoverageReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly input: string;
}

/**
 * Coverage for one run of a command (validate-traffic, proxy): the collector to give the validator as its
 * observer, the pretty report's table, and the files written at the end.
 */
export class CoverageRun {
  readonly collector: CoverageCollector;

  private constructor(
    universe: CoverageUniverse,
    private readonly targets: CoverageTargets,
  ) {
    this.collector = new CoverageCollector(universe);
  }

  /** undefined when no coverage output was asked for (then nothing is counted: no cost on the hot path). */
  static async open(targets: CoverageTargets, universe?: CoverageUniverse): Promise<CoverageRun | undefined> {
    if (targets.json === undefined && targets.html === undefined) return undefined;
    return new CoverageRun(universe ?? (await loadCoverageUniverse()), targets);
  }

  /** The pretty report with the coverage table after its summary; other formats unchanged. */
  withTable(sink: ReportSink, format: string): ReportSink {
    if (format !== 'pretty') return sink;
    return {
      start: (meta) => sink.start(meta),
      record: (record) => sink.record(record),
      finish: (summary) => `${sink.finish(summary)}\n${coverageTable(this.collector.report())}`,
    };
  }

  /** Writes the requested files; each appears whole or not at all (written aside, then renamed). */
  write(tool: CoverageFile['tool'], input: string): CoverageReport {
    const report = this.collector.report();
    if (this.targets.json !== undefined) {
      const file: CoverageFile = { tool, input, totals: report.totals, operations: report.operations };
      writeWhole(this.targets.json, `${JSON.stringify(file, null, 2)}\n`, '--coverage');
    }
    if (this.targets.html !== undefined) writeWhole(this.targets.html, coverageHtml(report, `Coverage: ${input}`), '--coverage-html');
    return report;
  }
}

function writeWhole(path: string, text: string, option: string): void {
  const aside = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(aside, text);
    renameSync(aside, path);
  } catch (error) {
    rmSync(aside, { force: true });
    throw new UnusableInputError(`${option} ${path}: cannot write (${describeFsError(error)})`);
  }
}
