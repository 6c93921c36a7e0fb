package keystorm.results.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * report.html: one self-contained page per run directory, rebuilt from its files at any time.
 *
 * <p>{@link #write} reads {@code test.json}, {@code results.json} and {@code history.jsonl} (any may
 * be absent; the page says which), dispatches on the kind (test, bench, suite, hunt, insights) and
 * writes {@code report.html} beside them. The page needs no network: ECharts 5.3.1 is inlined from
 * its WebJar, the data is embedded, links go only to sibling run directories.
 *
 * <h2>The data blob</h2>
 * Every page embeds its data as JSON in {@code <script type="application/json" id="keystorm-data">}
 * ({@code </} written as {@code <\/}); its script draws the charts from it, and tests read it:
 * <pre>{@code
 * {"format":1, "page":"run"|"compare", "kind":"test"|"bench"|"suite"|"hunt"|"insights"|"compare", "name":"...",
 *  "subtitle":"...",
 *  "verdict":{"validity":"valid"|"invalid"|"unknown"|"none", "text":"Valid: the store kept its promises under ..."},
 *  "facts":[{"label":"command","value":"..."}, ...],
 *  "missing":["results.json is missing: ...", ...],           // one sentence per absent file
 *  "faults":[{"start":s,"end":s,"fault":"failover"}, ...],    // seconds since the run's start
 *  "sample":{"shown":N,"total":M},                             // the scatter's operations, when there is a history
 *  "charts":{"<name>": spec, ...},                             // one per <div class="chart" data-chart="<name>">
 *  "omitted":{"<name>":"no partition data: this target does not report it", ...},
 *  "tables":{"<name>":{"columns":[...],"rows":[["cell",...]],"links"?:[[href|null,...]]}, ...},
 *  "anomalies":[{"number":1,"kind","key"?,"explanation","indices":[...],"figure"?:"<chart name>","timeline"?:"<chart name>"}]}
 * }</pre>
 * A chart spec has a {@code type} and, for axes, {@code xName} and {@code yName}:
 * <ul>
 * <li>{@code scatter}: {@code series:[{name:"ok"|"fail"|"info", points:[[seconds, ms]...]}]},
 *     {@code marks:[[seconds, ms, anomaly number]]}, {@code faults}, {@code shown}, {@code total}, {@code yLog}</li>
 * <li>{@code lines}: {@code series:[{name, points:[[x, y]...]}]}, optional {@code stack}, {@code yLog},
 *     {@code faults}, {@code xCategories} (then x is a category)</li>
 * <li>{@code heatmap}: {@code rows:[label...]}, {@code columns:[second...]}, {@code cells:[[column, row, value]...]},
 *     {@code max}, {@code unit}, {@code binSeconds}</li>
 * <li>{@code bars}: {@code categories:[...]}, {@code series:[{name, values:[...]}]}, optional {@code stack},
 *     {@code horizontal}, {@code highlight} (a category or series drawn as a warning: "scan")</li>
 * <li>{@code graph}: {@code nodes:[{id, label}]}, {@code edges:[{from, to, label, because}]} (drawn as a circle)</li>
 * <li>{@code timeline}: {@code rows:[process label...]},
 *     {@code ops:[{row, start, end, outcome:"ok"|"fail"|"info"|"pending", label, index, involved}]}, {@code dropped}</li>
 * </ul>
 * Chart names: {@code latency}, {@code quantiles}, {@code throughput}, {@code partitions-consumed},
 * {@code partitions-throttled}, {@code access}, {@code anomaly-N-figure}, {@code anomaly-N-timeline}; for
 * bench each strategy's {@code bench-throughput-N}, {@code bench-latency-N}, {@code partitions-consumed-N}...;
 * for insights {@code by-kind}; for comparisons {@code compare-p99}, {@code compare-spectrum}.
 * When every chart has drawn (ECharts' {@code finished}), the page sets {@code window.keystormReady = true}.
 */
public final class Report {
    private Report() {
    }

    /**
     * Writes {@code runDir/report.html} from the run's files.
     *
     * @return the page's path
     * @throws ReportException when a file is not as the file contract says (the message names it and its line or field)
     */
    public static Path write(Path runDir) throws IOException {
        return write(runDir, HistoryScan.Limits.DEFAULT);
    }

    static Path write(Path runDir, HistoryScan.Limits limits) throws IOException {
        RunData run = RunReader.read(runDir, limits);
        return PageWriter.write(RunPages.build(run), runDir.resolve("report.html"));
    }
}
