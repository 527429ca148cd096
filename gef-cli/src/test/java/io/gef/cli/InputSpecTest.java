package io.gef.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputSpecTest {
    @Test
    void aVolumeWithASubPath_becomesVolumeAndPath_withoutTrailingSlash() {
        InputSpec.Named n = InputSpec.parse("text=vol:vol-abc/run1/reads/");
        assertThat(n.name()).as("input name").isEqualTo("text");
        assertThat(n.spec().request()).as("request body").isEqualTo(Map.of("volume", "vol-abc", "path", "run1/reads"));
    }

    @Test
    void aVolumeWithoutPath_sendsNoPath() {
        assertThat(InputSpec.parse("text=vol:vol-abc").spec().request()).as("no path key")
                .isEqualTo(Map.of("volume", "vol-abc"));
    }

    @Test
    void aDatasetWithAPath_becomesDatasetAndPath() {
        assertThat(InputSpec.parse("ref=dataset:genomes/hg38").spec().request()).as("dataset request")
                .isEqualTo(Map.of("dataset", "genomes", "path", "hg38"));
    }

    @Test
    void aUrlKeepsItsOwnColonsAndEqualsSigns() {
        assertThat(InputSpec.parse("in=url:https://example.org/a?x=1&y=2").spec().request()).as("url request")
                .isEqualTo(Map.of("url", "https://example.org/a?x=1&y=2"));
    }

    @Test
    void textIsSentAsInlineContent_evenWhenEmptyOrFullOfColons() {
        assertThat(InputSpec.parse("text=text:a: b = c").spec().request()).as("literal kept whole")
                .isEqualTo(Map.of("content", "a: b = c"));
        assertThat(InputSpec.parse("text=text:").spec().request()).as("empty literal")
                .isEqualTo(Map.of("content", ""));
    }

    @Test
    void anAtSign_namesALocalFileToUploadFirst() {
        InputSpec spec = InputSpec.parse("text=@data/notes.txt").spec();
        assertThat(spec).as("local spec").isEqualTo(new InputSpec.Local(Path.of("data/notes.txt")));
        assertThatThrownBy(spec::request).as("a local spec cannot be sent as it is")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedSpecs_areUsageErrorsNamingTheInput() {
        assertThatThrownBy(() -> InputSpec.parse("text")).as("no '='")
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exit).isEqualTo(Exit.USAGE));
        assertThatThrownBy(() -> InputSpec.parse("=vol:x")).as("no name").isInstanceOf(CliFailure.class);
        assertThatThrownBy(() -> InputSpec.parse("text=volume-abc")).as("unknown kind")
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.getMessage()).contains("text")
                        .contains("vol:ID"));
        assertThatThrownBy(() -> InputSpec.parse("text=vol:")).as("empty id")
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exit).isEqualTo(Exit.USAGE));
        assertThatThrownBy(() -> InputSpec.parse("text=@")).as("'@' alone").isInstanceOf(CliFailure.class);
    }
}
