package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunAsTest {
    @Test
    void gefUserRule_runsEveryImageAsUid1000() {
        assertThat(RunAs.choose("gef-user", "", true).user()).isEqualTo("1000:1000");
        assertThat(RunAs.choose(null, "2000:2000", true).user()).as("no rule").isEqualTo("1000:1000");
    }

    @Test
    void imageUserRule_runsTheImagesNumericNonRootUser_elseUid1000() {
        assertThat(RunAs.choose("image-user", "2000:3000", false).user()).isEqualTo("2000:3000");
        assertThat(RunAs.choose("image-user", "2000", false).user()).isEqualTo("2000:2000");
        assertThat(RunAs.choose("image-user", "", true).user()).as("root image").isEqualTo("1000:1000");
        assertThat(RunAs.choose("image-user", "gef", false).user()).as("named user").isEqualTo("1000:1000");
    }

    @Test
    void remappedRootRule_runsRootImagesAsUid0_onlyOnARemappingEngine() {
        RunAs remapped = RunAs.choose("remapped-root", "", true);
        assertThat(remapped.root()).isTrue();
        assertThat(remapped.user()).isEqualTo("0:0");
        assertThat(RunAs.choose("remapped-root", "root", false).user()).as("never host root")
                .isEqualTo("1000:1000");
        assertThat(RunAs.choose("remapped-root", "root", false).reason()).contains("--userns-remap");
        assertThat(RunAs.choose("remapped-root", "1000:1000", true).user()).isEqualTo("1000:1000");
    }
}
