package io.gef.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.errors.GefException;
import io.gef.jobs.JobStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of a TES task checked without a server: resources, writable folders, views. */
class TesRequestTest {
    static TesTask task(List<TesTask.Output> outputs, List<String> volumes) {
        return new TesTask(null, null, "n", null, null, outputs, null, List.of(), volumes, null, null, null);
    }

    static TesTask.Output out(String path, String prefix, String type) {
        return new TesTask.Output(null, null, "gef://volumes/x", path, prefix, type);
    }

    @Test
    void strictBackendParameters_withAnUnknownKey_nameIt() {
        var r = new TesTask.Resources(1, null, 1.0, null, null, Map.of("VmSize", "x"), true);
        assertThatThrownBy(() -> TesRequest.resources(r)).isInstanceOf(GefException.class)
                .hasMessageContaining("resources.backend_parameters.VmSize");
    }

    @Test
    void resources_becomeCpusAndMebibytes_andLaxUnknownKeysAreIgnored() {
        var r = TesRequest.resources(new TesTask.Resources(2, true, 0.5, 10.0, List.of("z"),
                Map.of("VmSize", "x", "timeout_seconds", "60"), false));
        assertThat(r.cpus()).isEqualTo(2.0);
        assertThat(r.memoryMb()).isEqualTo(512);
        assertThat(r.timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void writableDirs_coverOutputsVolumesAndStreams_nestedFoldersOnce() {
        var steps = List.of(new JobStep("i", List.of("x"), null, null, "/logs/out.txt", null, Map.of(), false));
        var dirs = TesFiles.writableDirs(task(List.of(out("/data/out/r.txt", null, null),
                out("/data/out/sub/s.txt", null, "FILE"), out("/res", null, "DIRECTORY"),
                out("/w/*.txt", "/w", null)), List.of("/data")), steps, new TesFiles(List.of()));
        assertThat(dirs).containsExactly("/data", "/logs", "/res", "/w");
    }

    @Test
    void writableDirs_refuseTheRootAndRelativePaths() {
        var none = new TesFiles(List.of());
        assertThatThrownBy(() -> TesFiles.writableDirs(task(List.of(out("/r.txt", null, null)), null), List.of(),
                none)).isInstanceOf(GefException.class);
        assertThatThrownBy(() -> TesFiles.writableDirs(task(List.of(out("data/r.txt", null, null)), null),
                List.of(), none)).hasMessageContaining("outputs[0].path");
        assertThatThrownBy(() -> TesFiles.writableDirs(task(List.of(out("/a/../r.txt", null, null)), null),
                List.of(), none)).isInstanceOf(GefException.class);
    }

    @Test
    void fileOutputs_outsideTheAllowedFolders_are400() {
        var none = new TesFiles(List.of());
        var o = new TesTask.Output(null, null, "file:///etc/passwd", "/out/x", null, null);
        assertThatThrownBy(() -> TesFiles.writableDirs(task(List.of(o), null), List.of(), none))
                .hasMessageContaining("gef.tes.allowed-dirs");
    }

    @Test
    void outputRoot_isThePrefixOrTheFixedPartOfAWildcard() {
        assertThat(TesFiles.outputRoot(out("/w/*.txt", null, null))).isEqualTo("/w");
        assertThat(TesFiles.outputRoot(out("/w/a*/b.txt", "/w/", null))).isEqualTo("/w");
        assertThat(TesFiles.outputRoot(out("/w/r.txt", null, null))).isEqualTo("/w/r.txt");
    }

    @Test
    void views_minimalKeepsIdAndState_basicDropsWhatTheSpecificationSays() {
        var log = new TesTask.TaskLog(List.of(new TesTask.ExecutorLog("s", "e", "out", "err", 0)), Map.of(), "s",
                "e", List.of(), List.of("sys"));
        var full = new TesTask("id", "COMPLETE", "n", "d", List.of(new TesTask.Input(null, null, null, "/a", "FILE",
                "text", null)), List.of(), null, List.of(), null, Map.of(), List.of(log), "t");
        assertThat(TesView.MINIMAL.shape(full)).isEqualTo(TesTask.minimal("id", "COMPLETE"));
        TesTask basic = TesView.BASIC.shape(full);
        assertThat(basic.inputs().getFirst().content()).isNull();
        assertThat(basic.logs().getFirst().system_logs()).isNull();
        assertThat(basic.logs().getFirst().logs().getFirst().stdout()).isNull();
        assertThat(basic.logs().getFirst().logs().getFirst().exit_code()).isZero();
        assertThat(TesView.FULL.shape(full)).isSameAs(full);
        assertThatThrownBy(() -> TesView.parse("SHORT")).isInstanceOf(GefException.class);
    }
}
