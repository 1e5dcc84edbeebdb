package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reader of the text format: what it takes, and what it refuses with the line. */
class MetricsTextTest {

  @Test
  void readsSamplesLabelsEscapesAndSpecialValues() throws Exception {
    List<MetricsText.Sample> s =
        MetricsText.parse(
            """
            # HELP a_total a counter
            # TYPE a_total counter
            a_total 3.0
            b{x="1",y="q\\"uote\\\\back\\nline",} -1.5e3 1700000000000
            c:d NaN

            e +Inf
            f{} -Inf
            """);
    assertThat(s).hasSize(5);
    assertThat(s.get(0)).isEqualTo(new MetricsText.Sample("a_total", Map.of(), 3.0));
    assertThat(s.get(1).labels()).containsEntry("x", "1").containsEntry("y", "q\"uote\\back\nline");
    assertThat(s.get(1).value()).isEqualTo(-1500.0);
    assertThat(s.get(2).value()).isNaN();
    assertThat(s.get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.get(4).value()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void refusesWhatIsNotTheFormatNamingTheLine() {
    assertThatThrownBy(() -> MetricsText.parse("ok 1\n<html>\n"))
        .isInstanceOf(MetricsText.Malformed.class)
        .hasMessageStartingWith("line 2: expected a metric name");
    assertThatThrownBy(() -> MetricsText.parse("a{x=\"1\" 2"))
        .hasMessageContaining("line 1: expected , or } after label x");
    assertThatThrownBy(() -> MetricsText.parse("a{x=\"1} 2"))
        .hasMessageContaining("unterminated value of label x");
    assertThatThrownBy(() -> MetricsText.parse("a{x=\"\\t\"} 2"))
        .hasMessageContaining("bad escape \\t");
    assertThatThrownBy(() -> MetricsText.parse("a{x=\"1\",x=\"2\"} 2"))
        .hasMessageContaining("label x twice");
    assertThatThrownBy(() -> MetricsText.parse("a one")).hasMessageContaining("bad value 'one'");
    assertThatThrownBy(() -> MetricsText.parse("a 1 2 3"))
        .hasMessageContaining("unexpected text after the timestamp");
    assertThatThrownBy(() -> MetricsText.parse("a 1 soon")).hasMessageContaining("bad timestamp");
    assertThatThrownBy(() -> MetricsText.parse("a")).hasMessageContaining("no space before");
  }

  @Test
  void aPageWithoutTheReplicaMetricsIsNotTakenForOne() {
    assertThatThrownBy(() -> ScrapedMetrics.parse("node_load1 0.5\n"))
        .isInstanceOf(MetricsText.Malformed.class)
        .hasMessageContaining("no bftnfs_up (not a bftnfs replica's metrics?)");
    assertThatThrownBy(
            () ->
                ScrapedMetrics.parse(
                    "bftnfs_up{replica=\"1\"} 1\nbftnfs_checkpoint_info{number=\"5\",root=\"zz\"} 1\n"))
        .hasMessageContaining("bad bftnfs_checkpoint_info labels");
    assertThatThrownBy(() -> ScrapedMetrics.parse("bftnfs_up{replica=\"1\"} 1\nbftnfs_up 1\n"))
        .hasMessageContaining("bftnfs_up twice");
  }
}
