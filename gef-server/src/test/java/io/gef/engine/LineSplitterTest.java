package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chunksNotAlignedWithLines_areJoinedAndSplitAtNewlines() {
        var splitter = new LineSplitter(1024, lines::add);

        splitter.accept(b("one\ntw"));
        splitter.accept(b("o\r\nthr"));
        splitter.accept(b("ee\n\n"));

        assertThat(lines).as("lines, CR stripped, empty line kept").containsExactly("one", "two", "three", "");
    }

    @Test
    void lastLineWithoutTerminator_isEmittedOnFlush_only() {
        var splitter = new LineSplitter(1024, lines::add);

        splitter.accept(b("done"));
        assertThat(lines).as("before flush").isEmpty();
        splitter.flush();
        splitter.flush();

        assertThat(lines).as("after flush, once").containsExactly("done");
    }

    @Test
    void lineLongerThanTheLimit_isEmittedInPieces() {
        var splitter = new LineSplitter(4, lines::add);

        splitter.accept(b("abcdefghij\nk"));
        splitter.flush();

        assertThat(lines).as("pieces of at most 4 bytes").containsExactly("abcd", "efgh", "ij", "k");
    }

    @Test
    void multiByteCharactersSplitAcrossChunks_decodeWhole() {
        var splitter = new LineSplitter(1024, lines::add);
        byte[] euro = b("€\n");

        splitter.accept(new byte[] {euro[0]});
        splitter.accept(new byte[] {euro[1], euro[2], euro[3]});

        assertThat(lines).containsExactly("€");
    }
}
