package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A latency-by-percentile plot (as HdrHistogram's own plotter draws it) of several servers' {@code .hgrm}
 * files, written as a self-contained SVG: x is the percentile on a log scale of 1/(1-p) (50%, 90%, 99%,
 * 99.9%, ...), y the latency in microseconds on a log scale.
 */
public final class LatencyPlot {
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 820;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final double MAX_NINES = 5;

    private final String title;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    public LatencyPlot(String title) {
        this.title = title;
    }

    /** Adds a server's curve from an {@code .hgrm} file (values in microseconds). */
    public void add(String name, Path hgrm) throws IOException {
        List<double[]> points = new ArrayList<>();
        for (String line : Files.readAllLines(hgrm)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 4 || !Character.isDigit(fields[0].charAt(0)) || fields[3].equals("inf")) {
                continue;
            }
            double percentile = Double.parseDouble(fields[1]);
            double nines = Math.log10(Double.parseDouble(fields[3]));
            if (percentile > 0 && nines <= MAX_NINES) {
                points.add(new double[] {nines, Double.parseDouble(fields[0])});
            }
        }
        if (!points.isEmpty()) {
            series.put(name, points);
        }
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /** The SVG document. */
    public String svg() {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (List<double[]> points : series.values()) {
            for (double[] point : points) {
                low = Math.min(low, Math.max(point[1], 1));
                high = Math.max(high, point[1]);
            }
        }
        double yMin = Math.floor(Math.log10(low));
        double yMax = Math.max(Math.ceil(Math.log10(high)), yMin + 1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        axes(svg, yMin, yMax);
        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] point : entry.getValue()) {
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f",
                        x(point[0]), y(Math.log10(Math.max(point[1], 1)), yMin, yMax)));
            }
            svg.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            int legendY = TOP + 10 + 20 * index;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 15, legendY,
                    WIDTH - RIGHT + 40, legendY, colour, WIDTH - RIGHT + 46, legendY + 4, escape(entry.getKey())));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }

    private void axes(StringBuilder svg, double yMin, double yMax) {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, plotRight - LEFT, plotBottom - TOP));
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            double x = x(nines);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, plotBottom, x,
                    plotBottom + 18, labels[nines]));
        }
        for (double decade = yMin; decade <= yMax; decade++) {
            double y = y(decade, yMin, yMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, plotRight, y, LEFT - 6,
                    y + 4, micros(Math.pow(10, decade))));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                (LEFT + plotRight) / 2, HEIGHT - 12));
        svg.append(String.format("<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">"
                + "latency (log scale)</text>%n", (TOP + plotBottom) / 2, (TOP + plotBottom) / 2));
    }

    private static String micros(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.0f s", value / 1_000_000);
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%.0f ms", value / 1000)
                : String.format(Locale.ROOT, "%.0f us", value);
    }

    private static double x(double nines) {
        return LEFT + nines / MAX_NINES * (WIDTH - RIGHT - LEFT);
    }

    private static double y(double logValue, double yMin, double yMax) {
        return HEIGHT - BOTTOM - (logValue - yMin) / (yMax - yMin) * (HEIGHT - BOTTOM - TOP);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
