package dev.cfscim.bench;

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
import javax.imageio.ImageIO;

/** results.png: three bar panels drawn with java.awt, headless (no display needed). */
final class Chart {

    static final List<String> CONTENDERS = Report.CONTENDERS;
    static final Color[] COLORS = {new Color(0xF3, 0x80, 0x20), new Color(0x3B, 0x6E, 0xC9), new Color(0x5A, 0xA4, 0x69),
        new Color(0x8E, 0x5B, 0xB8)};
    /** The models' names under their bars, in {@link GroupModel}'s order. */
    static final String[] SHORT = {"UG", "VG"};
    static final int W = 1800;
    static final int H = 560;

    private Chart() {
    }

    static void write(Results r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        List<Integer> sizes = r.config().sizes();
        GroupModel[] models = GroupModel.values();
        int panel = W / 3;

        // One group of bars per model and size, today's model first.
        int groupCount = models.length * sizes.size();
        double[][] requests = new double[groupCount][CONTENDERS.size()];
        double[][] minutes = new double[groupCount][CONTENDERS.size()];
        double[] floors = new double[groupCount];
        String[] groups = new String[groupCount];
        for (int m = 0; m < models.length; m++) {
            for (int s = 0; s < sizes.size(); s++) {
                int at = m * sizes.size() + s;
                groups[at] = String.format("%,d %s", sizes.get(s), SHORT[m]);
                for (int c = 0; c < CONTENDERS.size(); c++) {
                    Results.Provisioning p = Report.find(r, models[m], CONTENDERS.get(c), sizes.get(s));
                    requests[at][c] = p.requests();
                    minutes[at][c] = p.projectedSeconds() / 60;
                    floors[at] = p.floor().total();
                }
            }
        }
        bars(g, 0, panel, "Initial provisioning: requests", groups, requests, floors, THOUSANDS);
        bars(g, panel, panel, "Projected time at 1,200 req / 5 min (min)", groups, minutes, null, "%,.1f");

        List<String> editors = List.of(Report.ENGINE, Report.OKTA, Report.ENTRA, Report.OPERATOR);
        double[][] edit = new double[models.length][editors.size()];
        String[] editGroups = new String[models.length];
        for (int m = 0; m < models.length; m++) {
            GroupModel model = models[m];
            editGroups[m] = SHORT[m];
            for (int i = 0; i < editors.size(); i++) {
                String editor = editors.get(i);
                edit[m][i] = r.edits().stream().filter(e -> e.model() == model && e.contender().equals(editor))
                        .findFirst().map(Results.Edit::median).orElse(0.0);
            }
        }
        bars(g, 2 * panel, panel, "One membership edit: median ms", editGroups, edit, null, "%,.1f");

        // Legend
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        int x = 40;
        List<String> legend = List.of(Report.ENGINE, Report.OKTA, Report.ENTRA, "cfscim operator (edit panel)");
        for (int i = 0; i < legend.size(); i++) {
            g.setColor(COLORS[i]);
            g.fillRect(x, H - 30, 14, 14);
            g.setColor(Color.DARK_GRAY);
            g.drawString(legend.get(i), x + 20, H - 18);
            x += g.getFontMetrics().stringWidth(legend.get(i)) + 60;
        }
        g.setColor(Color.GRAY);
        String footer = String.format(Locale.ROOT, "UG: user groups (today's model), VG: virtual role groups; "
                + "%s mode, %d cores, Java %s", r.config().mode(), r.machine().cores(),
                System.getProperty("java.version"));
        g.drawString(footer, W - 30 - g.getFontMetrics().stringWidth(footer), H - 18);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** A bar's label in thousands ({@code 10.3k}), where full numbers would not fit above narrow bars. */
    static final String THOUSANDS = "thousands";

    private static String label(double value, String format) {
        if (format.equals(THOUSANDS)) {
            return value >= 1000 ? String.format(Locale.ROOT, "%.1fk", value / 1000) : String.format(Locale.ROOT, "%.0f",
                    value);
        }
        return String.format(Locale.ROOT, format, value);
    }

    /**
     * Grouped bars: one group per row of {@code values}, one bar per column; an optional dashed floor
     * per group, named once, beside the last group.
     */
    private static void bars(Graphics2D g, int left, int width, String title, String[] groups, double[][] values,
                             double[] floors, String format) {
        int top = 60;
        int bottom = H - 90;
        int plotLeft = left + 50;
        int plotWidth = width - 80;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left + 30, 32);
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        max = max <= 0 ? 1 : max * 1.15;
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(plotLeft, bottom, plotLeft + plotWidth, bottom);
        int groupWidth = plotWidth / groups.length;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int s = 0; s < groups.length; s++) {
            int bars = values[s].length;
            int barWidth = Math.min(70, (groupWidth - 30) / bars);
            int x0 = plotLeft + s * groupWidth + (groupWidth - barWidth * bars) / 2;
            for (int c = 0; c < bars; c++) {
                double v = values[s][c];
                int h = (int) Math.round((bottom - top) * v / max);
                g.setColor(COLORS[c % COLORS.length]);
                g.fillRect(x0 + c * barWidth + 3, bottom - h, barWidth - 6, h);
                g.setColor(Color.DARK_GRAY);
                String label = label(v, format);
                int lw = g.getFontMetrics().stringWidth(label);
                g.drawString(label, x0 + c * barWidth + (barWidth - lw) / 2, bottom - h - 4);
            }
            if (floors != null) {
                int fy = bottom - (int) Math.round((bottom - top) * floors[s] / max);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                g.drawLine(x0 - 6, fy, x0 + barWidth * bars + 6, fy);
                g.setStroke(new BasicStroke(1));
                if (s == groups.length - 1) {
                    g.drawString("floor", x0 + barWidth * bars + 8, fy + 4);
                }
            }
            g.setColor(Color.BLACK);
            int gw = g.getFontMetrics().stringWidth(groups[s]);
            g.drawString(groups[s], plotLeft + s * groupWidth + (groupWidth - gw) / 2, bottom + 18);
        }
    }
}
