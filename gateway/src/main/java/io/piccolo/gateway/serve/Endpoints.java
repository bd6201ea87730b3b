package io.piccolo.gateway.serve;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The endpoints a router serves, by path pattern ({@code /api/v1/:kinds/:name}) and method: which
 * pattern a request path belongs to, whatever its method or answer (the {@code route} of the HTTP
 * meter), and which methods a known path allows (the {@code Allow} header of a 405).
 */
final class Endpoints {
  /** The route label of a path no endpoint serves. */
  static final String UNMATCHED = "unmatched";

  private record Endpoint(String path, Pattern pattern, Set<String> methods) {}

  private final List<Endpoint> endpoints = new ArrayList<>();

  /** The router's routes with a path and methods, in the order the router tries them. */
  static Endpoints of(Router router) {
    Map<String, Set<String>> byPath = new LinkedHashMap<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      Set<String> methods = byPath.computeIfAbsent(route.getPath(), p -> new TreeSet<>());
      route.methods().stream().map(HttpMethod::name).forEach(methods::add);
    }
    Endpoints out = new Endpoints();
    byPath.forEach(
        (path, methods) ->
            out.endpoints.add(new Endpoint(path, pattern(path), Set.copyOf(methods))));
    return out;
  }

  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    for (String segment : path.substring(1).split("/", -1)) {
      regex.append('/').append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex.toString());
  }

  /** The pattern of the first endpoint whose path matches, or {@link #UNMATCHED}. */
  String route(String path) {
    Endpoint e = first(path);
    return e == null ? UNMATCHED : e.path();
  }

  /** The methods the endpoint of this path serves; empty when no endpoint serves it. */
  Set<String> allowed(String path) {
    Endpoint e = first(path);
    return e == null ? Set.of() : new TreeSet<>(e.methods());
  }

  private Endpoint first(String path) {
    for (Endpoint e : endpoints) {
      if (path != null && e.pattern().matcher(path).matches()) {
        return e;
      }
    }
    return null;
  }

  /** Each endpoint's pattern and methods, for meters registered before any traffic. */
  Map<String, Set<String>> all() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    endpoints.forEach(e -> out.put(e.path(), e.methods()));
    return out;
  }
}
