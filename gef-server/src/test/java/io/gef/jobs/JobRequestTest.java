package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.errors.GefException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestTest {
    private static JobRequest withInput(JobRequest.InputRequest in) {
        return new JobRequest("wordcount", Map.of("text", in), null, null, null, null);
    }

    @Test
    void missingService_isRejectedNamingTheField() {
        assertThatThrownBy(() -> new JobRequest(" ", null, null, null, null, null).validated())
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("service");
    }

    @Test
    void inputWithTwoSources_isRejectedNamingTheInput() {
        var in = new JobRequest.InputRequest("vol-1", null, null, "https://x.org/a", null);
        assertThatThrownBy(() -> withInput(in).validated())
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("inputs.text").hasMessageContaining("exactly one");
    }

    @Test
    void inputPathWithDotDot_isRejected() {
        var in = new JobRequest.InputRequest("vol-1", null, "a/../../etc", null, null);
        assertThatThrownBy(() -> withInput(in).validated())
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("inputs.text.path");
    }

    @Test
    void absoluteInputPath_isRejected() {
        var in = new JobRequest.InputRequest(null, "archive", "/etc/passwd", null, null);
        assertThatThrownBy(() -> withInput(in).validated())
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400));
    }

    @Test
    void fileUrl_isRejected() {
        var in = new JobRequest.InputRequest(null, null, null, "file:///etc/passwd", null);
        assertThatThrownBy(() -> withInput(in).validated())
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("inputs.text.url");
    }

    @Test
    void negativeMemory_isRejectedNamingTheField() {
        var r = new JobRequest("wordcount", null, null, new Resources(null, -5, null), null, null);
        assertThatThrownBy(r::validated)
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("resources.memoryMb");
    }

    @Test
    void badTagKey_isRejected() {
        var r = new JobRequest("wordcount", null, null, null, null, Map.of("bad key!", "v"));
        assertThatThrownBy(r::validated)
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("tags.");
    }

    @Test
    void validRequest_isNormalised() {
        var r = new JobRequest(" wordcount ", null, null, null, "n", null).validated();
        assertThat(r.service()).isEqualTo("wordcount");
        assertThat(r.inputs()).isEmpty();
        assertThat(r.resources()).isEqualTo(Resources.NONE);
    }
}
