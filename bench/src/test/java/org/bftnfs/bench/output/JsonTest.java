package org.bftnfs.bench.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesNestedValuesInOrderWithEscapes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\nd\u0001");
    m.put("n", 3);
    m.put("d", 2.5);
    m.put("whole", 4.0);
    m.put("nan", Double.NaN);
    m.put("t", true);
    m.put("null", null);
    m.put("list", List.of(1, "x"));
    m.put("empty", new ArrayList<>());
    m.put("obj", Map.of());
    String json = Json.write(m);
    assertThat(json)
        .isEqualTo(
            "{\n"
                + "  \"s\": \"a\\\"b\\\\c\\nd\\u0001\",\n"
                + "  \"n\": 3,\n"
                + "  \"d\": 2.5,\n"
                + "  \"whole\": 4,\n"
                + "  \"nan\": null,\n"
                + "  \"t\": true,\n"
                + "  \"null\": null,\n"
                + "  \"list\": [\n    1,\n    \"x\"\n  ],\n"
                + "  \"empty\": [],\n"
                + "  \"obj\": {}\n"
                + "}\n");
  }

  @Test
  void rejectsWhatJsonCannotHold() {
    assertThatThrownBy(() -> Json.write(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void csvCellsAndNumbers() {
    assertThat(ResultsCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(ResultsCsv.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(ResultsCsv.cell("plain")).isEqualTo("plain");
    assertThat(ResultsCsv.num(1234567.891)).isEqualTo("1234570");
    assertThat(ResultsCsv.num(0.000123456789)).isEqualTo("0.000123457");
    assertThat(ResultsCsv.num(2.50)).isEqualTo("2.5");
    assertThat(ResultsCsv.num(Double.NaN)).isEmpty();
  }
}
