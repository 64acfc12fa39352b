package dev.backfill.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Near-valid JSON: a valid document with a few fields removed, nulled or replaced by a value of
 * the wrong type, the kind of input a provider's schema drift or a bug produces.
 */
final class JsonMutations {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonMutations() {}

  /**
   * Documents from {@code valid}, each mutated at up to {@code maxMutations} places. The mutations
   * are drawn apart from the documents (a place is a fraction of the document's places), so no
   * arbitrary is built per value.
   */
  static Arbitrary<JsonNode> of(Arbitrary<JsonNode> valid, int maxMutations) {
    Arbitrary<double[]> mutation = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 7))
        .as((place, operation) -> new double[] {place, operation});
    return Combinators.combine(valid, mutation.list().ofMaxSize(maxMutations)).as((document, mutations) -> {
      JsonNode copy = document.deepCopy();
      for (double[] m : mutations) {
        List<List<Object>> paths = new ArrayList<>();
        collect(copy, new ArrayList<>(), paths);
        if (!paths.isEmpty()) {
          apply(copy, paths.get((int) Math.min(paths.size() - 1, m[0] * paths.size())), (int) m[1]);
        }
      }
      return copy;
    });
  }

  /** Wholly arbitrary JSON values, a few levels deep. */
  static Arbitrary<JsonNode> garbage() {
    Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(JSON::textNode),
        Arbitraries.longs().map(JSON::numberNode),
        Arbitraries.doubles().map(JSON::numberNode),
        Arbitraries.of(true, false).map(JSON::booleanNode),
        Arbitraries.just(JSON.nullNode()));
    return Arbitraries.recursive(() -> leaves, JsonMutations::nest, 0, 3);
  }

  private static Arbitrary<JsonNode> nest(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
      ArrayNode array = JSON.arrayNode();
      items.forEach(array::add);
      return array;
    });
    Arbitrary<JsonNode> objects = Combinators.combine(
            Arbitraries.of("id", "number", "state", "title", "deployments", "pagination", "next", "data", "errors", "nodes",
                "pageInfo", "created", "lastSeen", "status", "updated_at", "user", "uid", "team").list().ofMaxSize(4),
            inner.list().ofSize(4))
        .as((keys, values) -> {
          ObjectNode object = JSON.objectNode();
          for (int i = 0; i < keys.size(); i++) {
            object.set(keys.get(i), values.get(i));
          }
          return object;
        });
    return Arbitraries.oneOf(arrays, objects);
  }

  private static void collect(JsonNode node, List<Object> path, List<List<Object>> paths) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(field -> {
        List<Object> child = new ArrayList<>(path);
        child.add(field);
        paths.add(child);
        collect(node.get(field), child, paths);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> child = new ArrayList<>(path);
        child.add(i);
        paths.add(child);
        collect(node.get(i), child, paths);
      }
    }
  }

  private static void apply(JsonNode root, List<Object> path, int operation) {
    JsonNode parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object step = path.get(i);
      parent = step instanceof String ? parent.get((String) step) : parent.get((Integer) step);
      if (parent == null || !parent.isContainerNode()) {
        return;
      }
    }
    Object last = path.get(path.size() - 1);
    JsonNode replacement;
    switch (operation) {
      case 0:
        if (parent.isObject() && last instanceof String) {
          ((ObjectNode) parent).remove((String) last);
        }
        return;
      case 1:
        replacement = JSON.nullNode();
        break;
      case 2:
        replacement = JSON.numberNode(-1);
        break;
      case 3:
        replacement = JSON.textNode("garbage");
        break;
      case 4:
        replacement = JSON.objectNode();
        break;
      case 5:
        replacement = JSON.arrayNode();
        break;
      case 6:
        replacement = JSON.textNode("");
        break;
      default:
        replacement = JSON.numberNode(1e300);
    }
    if (parent.isObject() && last instanceof String) {
      ((ObjectNode) parent).set((String) last, replacement);
    } else if (parent.isArray() && last instanceof Integer && (Integer) last < parent.size()) {
      ((ArrayNode) parent).set((Integer) last, replacement);
    }
  }
}
