package io.catalog.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Route templates as the API document and the metrics name them: {@code /products/{id}}, joined
 * from the {@code @Path} values of a resource and its method, with a variable's regular expression
 * ({@code {id: (?!search$)[^/]+}}) left out: that is how the server matches, not what the route is.
 */
public final class RouteTemplates {
  private RouteTemplates() {}

  /** The parts, outermost first, joined by single slashes; {@code /} when all are empty. */
  public static String join(List<String> parts) {
    return parts.stream()
        .map(RouteTemplates::withoutPatterns)
        .map(p -> p.replaceAll("^/+|/+$", ""))
        .filter(p -> !p.isEmpty())
        .collect(Collectors.joining("/", "/", ""));
  }

  /** {@code {name: regex}} → {@code {name}}; a regex may hold braces of its own ({@code {2}}). */
  public static String withoutPatterns(String template) {
    StringBuilder out = new StringBuilder(template.length());
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int nameEnd = i + 1;
      while (nameEnd < template.length() && ":}".indexOf(template.charAt(nameEnd)) < 0) {
        nameEnd++;
      }
      out.append('{').append(template, i + 1, nameEnd).append('}');
      int depth = 1;
      i = nameEnd;
      while (i < template.length() && depth > 0) {
        char d = template.charAt(i++);
        depth += d == '{' ? 1 : d == '}' ? -1 : 0;
      }
    }
    return out.toString();
  }
}
