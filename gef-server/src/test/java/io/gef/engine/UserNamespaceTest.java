package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespaceTest {
    @Test
    void anEngineWithoutTheUsernsOption_isNotRemapped_andMapsIdsToThemselves() {
        UserNamespace ns = UserNamespace.of(List.of("name=seccomp,profile=default"), Path.of("/nonexistent"),
                Path.of("/nonexistent"));
        assertThat(ns.remapped()).isFalse();
        assertThat(ns.hostUid(1000)).isEqualTo(1000);
    }

    @Test
    void aRemappingEngine_mapsContainerIdsOntoTheDockremapRanges(@TempDir Path tmp) throws Exception {
        Path subuid = Files.writeString(tmp.resolve("subuid"), "alice:200000:65536\ndockremap:100000:65536\n");
        Path subgid = Files.writeString(tmp.resolve("subgid"), "dockremap:300000:65536\n");
        UserNamespace ns = UserNamespace.of(List.of("name=seccomp,profile=default", "name=userns"), subuid, subgid);
        assertThat(ns.hostUid(0)).isEqualTo(100000);
        assertThat(ns.hostUid(1000)).isEqualTo(101000);
        assertThat(ns.hostGid(1000)).isEqualTo(301000);
    }

    @Test
    void aRemappingEngine_withoutADockremapLine_isAnErrorThatSaysHowToStartTheEngine(@TempDir Path tmp)
            throws Exception {
        Path empty = Files.writeString(tmp.resolve("subuid"), "alice:200000:65536\n");
        assertThatThrownBy(() -> UserNamespace.of(List.of("name=userns"), empty, empty))
                .hasMessageContaining("--userns-remap=default");
    }
}
