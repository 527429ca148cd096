package io.gef.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseTest {
    private static List<Sse.Event> read(String stream, String stopAt) throws Exception {
        List<Sse.Event> seen = new ArrayList<>();
        Sse.read(new BufferedReader(new StringReader(stream)), e -> {
            seen.add(e);
            return !e.type().equals(stopAt);
        });
        return seen;
    }

    @Test
    void eventsAreSplitOnBlankLines_andHeartbeatCommentsAreSkipped() throws Exception {
        String stream = "id: 1\nevent: log\ndata: {\"line\":\"a\"}\n\n: keep-alive\n\n"
                + "id: 2\nevent: log\ndata: {\"line\":\"b\"}\n\nevent: end\ndata: \"COMPLETE\"\n\n";
        assertThat(read(stream, "end")).as("two lines, then the end").containsExactly(
                new Sse.Event("log", "1", "{\"line\":\"a\"}"), new Sse.Event("log", "2", "{\"line\":\"b\"}"),
                new Sse.Event("end", null, "\"COMPLETE\""));
    }

    @Test
    void readingStops_whenTheSinkSaysSo_evenIfTheStreamGoesOn() throws Exception {
        String stream = "event: end\ndata: \"CANCELED\"\n\nevent: log\ndata: {}\n\n";
        assertThat(read(stream, "end")).as("nothing after end").hasSize(1);
    }

    @Test
    void aStreamCutInTheMiddleOfAnEvent_deliversNothingHalfRead() throws Exception {
        assertThat(read("event: log\ndata: {\"line\":\"a\"}\n", "end")).as("no blank line, no event").isEmpty();
    }
}
