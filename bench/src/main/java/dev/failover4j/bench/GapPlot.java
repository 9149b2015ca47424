package dev.failover4j.bench;

import dev.failover4j.bench.FailoverRounds.Cell;
import dev.failover4j.bench.FailoverRounds.Round;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** The plot of the client-visible gap per round (a PNG for docs/benchmarks.md). */
final class GapPlot {

    private GapPlot() {
    }

    /** Client-visible gap per round, one panel per interval/failure, failover4j vs keepalived. */
    static void write(Map<Cell, List<Round>> results, Path file) throws IOException {
        int w = 1200;
        int h = 800;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString("Client-visible gap per round (ms): failover4j (blue) vs keepalived (orange)", 20, 30);
        String[][] panels = {{"v2-1s", "host-death"}, {"v2-1s", "graceful"}, {"v3-100ms", "host-death"}, {"v3-100ms", "graceful"}};
        for (int p = 0; p < panels.length; p++) {
            int px = 60 + (p % 2) * 580;
            int py = 70 + (p / 2) * 360;
            int pw = 500;
            int ph = 280;
            List<Round> f = results.getOrDefault(new Cell("failover4j", panels[p][1], panels[p][0]), List.of());
            List<Round> k = results.getOrDefault(new Cell("keepalived", panels[p][1], panels[p][0]), List.of());
            double max = 1;
            for (Round r : f) {
                max = Math.max(max, r.gapMs());
            }
            for (Round r : k) {
                max = Math.max(max, r.gapMs());
            }
            max *= 1.15;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(panels[p][0] + ", " + panels[p][1], px, py - 8);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(px, py, pw, ph);
            for (int t = 0; t <= 4; t++) {
                int y = py + ph - t * ph / 4;
                g.setColor(new Color(225, 225, 225));
                g.drawLine(px + 1, y, px + pw - 1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.0f", max * t / 4), px - 45, y + 4);
            }
            series(g, f, new Color(31, 95, 168), px, py, pw, ph, max);
            series(g, k, new Color(230, 120, 20), px, py, pw, ph, max);
            g.setColor(Color.DARK_GRAY);
            g.drawString("round", px + pw / 2 - 15, py + ph + 18);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void series(Graphics2D g, List<Round> rs, Color c, int px, int py, int pw, int ph, double max) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int n = rs.size();
        int lx = -1;
        int ly = -1;
        for (int i = 0; i < n; i++) {
            int x = px + 20 + (int) ((pw - 40) * (n == 1 ? 0.5 : i / (double) (n - 1)));
            int y = py + ph - (int) (ph * rs.get(i).gapMs() / max);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (lx >= 0) {
                g.drawLine(lx, ly, x, y);
            }
            lx = x;
            ly = y;
        }
    }
}
