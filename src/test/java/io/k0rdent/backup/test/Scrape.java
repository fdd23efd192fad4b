package io.k0rdent.backup.test;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** One scrape of {@code /q/metrics} in Prometheus text format, parsed into series. */
public final class Scrape {

    /** One sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    public static Scrape now() {
        return parse(given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String name;
            Map<String, String> labels = new TreeMap<>();
            String rest;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int end = line.indexOf('}', brace);
                parseLabels(line.substring(brace + 1, end), labels);
                rest = line.substring(end + 1).trim();
            } else {
                name = line.substring(0, space);
                rest = line.substring(space + 1).trim();
            }
            String value = rest.split(" ")[0];
            samples.add(new Sample(name, labels, Double.parseDouble(value.replace("+Inf", "Infinity"))));
        }
        return new Scrape(samples);
    }

    private static void parseLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            String key = text.substring(i, eq).trim();
            int start = text.indexOf('"', eq) + 1;
            StringBuilder value = new StringBuilder();
            int j = start;
            while (text.charAt(j) != '"') {
                if (text.charAt(j) == '\\') {
                    j++;
                }
                value.append(text.charAt(j));
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples of {@code name} whose labels include all of {@code labels} (given as key, value, key, value, ...). */
    public List<Sample> find(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> wanted.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    /** The value of the single series matching; empty when there is none. */
    public OptionalDouble value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new IllegalStateException("more than one series of " + name + " match: " + found);
        }
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
    }

    /** Sum over every series matching. */
    public double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
