package dev.tributary.emulator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method and path patterns such as {@code /{shop}/admin/api/{version}/orders/{id}.json} to
 * endpoints. A {@code {name}} matches within one path segment. When several patterns match, the
 * most specific wins (fewest variables), whatever the order they were added in.
 */
public final class Router {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public synchronized Router add(String method, String pattern, Endpoint endpoint) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.add(new Route(method, compile(pattern), variableNames(pattern), endpoint));
        sorted.sort(java.util.Comparator.comparingInt((Route route) -> route.variables.size()));
        routes.clear();
        routes.addAll(sorted);
        return this;
    }

    public Response dispatch(Request request) throws Exception {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Matcher matcher = route.pattern.matcher(request.path());
            if (!matcher.matches()) {
                continue;
            }
            if (!route.method.equals(request.method())) {
                allowed.add(route.method);
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (String name : route.variables) {
                variables.put(name, matcher.group(name));
            }
            return route.endpoint.handle(request.withPathVariables(variables));
        }
        if (!allowed.isEmpty()) {
            return Response.errors(405, "Method Not Allowed").header("Allow", String.join(", ", allowed));
        }
        return Response.errors(404, "Not Found");
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = VARIABLE.matcher(pattern);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(pattern.substring(last, matcher.start())));
            regex.append("(?<").append(matcher.group(1)).append(">[^/]+?)");
            last = matcher.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static List<String> variableNames(String pattern) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(pattern);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private record Route(String method, Pattern pattern, List<String> variables, Endpoint endpoint) {
    }
}
