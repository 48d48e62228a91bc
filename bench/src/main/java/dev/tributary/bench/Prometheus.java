package dev.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of {@code /actuator/prometheus}: samples by their full name with labels. */
record Prometheus(Map<String, Double> samples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Prometheus scrape(String baseUrl) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // not a plain sample
                }
            }
            return new Prometheus(samples);
        } catch (Exception e) {
            throw new IllegalStateException("could not scrape " + baseUrl, e);
        }
    }

    /** Sum of every sample of {@code name} whose labels contain each of {@code labels}. */
    double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (!(key.equals(name) || key.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                total += sample.getValue();
            }
        }
        return total;
    }

    /** Cumulative bucket counts of a histogram, by upper bound. */
    TreeMap<Double, Double> buckets(String name) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (key.startsWith(name + "_bucket{")) {
                int le = key.indexOf("le=\"");
                String bound = key.substring(le + 4, key.indexOf('"', le + 4));
                buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        sample.getValue(), Double::sum);
            }
        }
        return buckets;
    }

    /** The upper bound of the bucket holding the percentile of what was recorded between two scrapes. */
    static double percentile(Prometheus before, Prometheus after, String name, double percentile) {
        TreeMap<Double, Double> a = after.buckets(name);
        TreeMap<Double, Double> b = before.buckets(name);
        List<double[]> diff = new ArrayList<>();
        for (Map.Entry<Double, Double> bucket : a.entrySet()) {
            diff.add(new double[] {bucket.getKey(), bucket.getValue() - b.getOrDefault(bucket.getKey(), 0.0)});
        }
        if (diff.isEmpty()) {
            return Double.NaN;
        }
        double total = diff.get(diff.size() - 1)[1];
        for (double[] bucket : diff) {
            if (bucket[1] >= total * percentile / 100.0) {
                return bucket[0];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
