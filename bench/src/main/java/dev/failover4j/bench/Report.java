package dev.failover4j.bench;

import dev.failover4j.bench.FailoverRounds.Cell;
import dev.failover4j.bench.FailoverRounds.Round;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The failover table: min / median / max per cell and figure, and the ratio failover4j / keepalived. */
final class Report {

    private Report() {
    }

    static String table(Map<Cell, List<Round>> results, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("| Interval | Failure | Figure | Bound | failover4j min / median / max | keepalived min / median / max | ratio f4j/ka (median) |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (String interval : FailoverRounds.INTERVALS) {
            for (String failure : FailoverRounds.FAILURES) {
                List<Round> f = results.get(new Cell("failover4j", failure, interval));
                List<Round> k = results.get(new Cell("keepalived", failure, interval));
                if (f == null || k == null || f.size() < rounds || k.size() < rounds) {
                    continue; // not run (--cells, --systems)
                }
                double mdi = interval.equals("v2-1s") ? 3000 + 156 * 1000.0 / 256 : 300 + 156 * 100.0 / 256;
                double skew = interval.equals("v2-1s") ? 156 * 1000.0 / 256 : 156 * 100.0 / 256;
                String bound = failure.equals("host-death") ? String.format(Locale.ROOT, "Master_Down %.0f ms", mdi)
                        : String.format(Locale.ROOT, "Skew_Time %.0f ms", skew);
                row(b, interval, failure, "backup holds VIP", bound, f, k, Round::vipMs);
                row(b, interval, failure, "client gap", bound, f, k, Round::gapMs);
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String interval, String failure, String figure, String bound, List<Round> f,
                            List<Round> k, ToDoubleFunction<Round> fn) {
        double[] fs = stats(f, fn);
        double[] ks = stats(k, fn);
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f / %.0f / %.0f ms | %.0f / %.0f / %.0f ms | %.2f |%n",
                interval, failure, figure, bound, fs[0], fs[1], fs[2], ks[0], ks[1], ks[2], fs[1] / ks[1]));
    }

    /**
     * Where the time goes, from the capture on the switch: median (min–max) per cell of each step,
     * and the backup's first advert → first gratuitous ARP as p50 / max (with 10 rounds, max is p99).
     */
    static String breakdown(Map<Cell, List<Round>> results) {
        StringBuilder b = new StringBuilder("| Interval | Failure | System | SIGTERM → priority 0 on the wire | priority 0 → backup's"
                + " first advert | first advert → VIP added | first advert → first GARP (p50 / max) | timer bound → backup's"
                + " first advert (p50 / p99 / max) | timer bound → first GARP (p50 / p99 / max) |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String interval : FailoverRounds.INTERVALS) {
            for (String failure : FailoverRounds.FAILURES) {
                for (String system : List.of("failover4j", "keepalived")) {
                    List<Round> r = results.get(new Cell(system, failure, interval));
                    if (r == null) {
                        continue;
                    }
                    boolean graceful = failure.equals("graceful");
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", interval, failure, system,
                            graceful ? spread(r, Round::stopToZero) : "—", graceful ? spread(r, Round::zeroToAdvert) : "—",
                            spread(r, Round::advertToVip), p50max(r, Round::advertToGarp), p99(r, Round::boundToAdvert),
                            p99(r, Round::boundToGarp)));
                }
            }
        }
        return b.toString();
    }

    private static String spread(List<Round> rounds, ToDoubleFunction<Round> fn) {
        double[] s = statsOrNull(rounds, fn);
        return s == null ? "n/a" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f) ms", s[1], s[0], s[2]);
    }

    /** p50 / p99 / max (with few rounds, p99 is the largest but one or the largest). */
    private static String p99(List<Round> rounds, ToDoubleFunction<Round> fn) {
        List<Double> v = new ArrayList<>();
        for (Round r : rounds) {
            double x = fn.applyAsDouble(r);
            if (!Double.isNaN(x)) {
                v.add(x);
            }
        }
        if (v.isEmpty()) {
            return "n/a";
        }
        Collections.sort(v);
        int n = v.size();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", v.get(n / 2), v.get(Math.min(n - 1,
                (int) Math.ceil(n * 0.99) - 1)), v.get(n - 1));
    }

    private static String p50max(List<Round> rounds, ToDoubleFunction<Round> fn) {
        double[] s = statsOrNull(rounds, fn);
        return s == null ? "n/a" : String.format(Locale.ROOT, "%.2f / %.2f ms", s[1], s[2]);
    }

    /** {min, median, max} of the values that are not NaN, or null if none is. */
    private static double[] statsOrNull(List<Round> rounds, ToDoubleFunction<Round> fn) {
        List<Round> known = rounds.stream().filter(r -> !Double.isNaN(fn.applyAsDouble(r))).toList();
        return known.isEmpty() ? null : stats(known, fn);
    }

    /** {min, median, max}. */
    static double[] stats(List<Round> rounds, ToDoubleFunction<Round> fn) {
        List<Double> v = new ArrayList<>();
        for (Round r : rounds) {
            v.add(fn.applyAsDouble(r));
        }
        Collections.sort(v);
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return new double[] {v.get(0), median, v.get(n - 1)};
    }
}
