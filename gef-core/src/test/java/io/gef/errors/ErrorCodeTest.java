package io.gef.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    /** The codes clients already saw before the one exception type, by status; a change here breaks the API. */
    private static final String API = """
            400: bad_request bad_field bad_json bad_query bad_parameter bad_sandbox bad_mount bad_spec
            400: bad_context empty_context invalid_annotations bad_envelope bad_name bad_path bad_format
            400: bad_archive bad_archive_entry bad_dataset not_a_folder upload_interrupted
            401: unauthorized missing_token no_token malformed_token bad_algorithm bad_signature unknown_key
            401: unknown_token revoked_token expired_token not_yet_valid wrong_issuer wrong_audience
            401: user_deleted
            403: forbidden no_role role_required policy_denied
            404: not_found job_not_found service_not_found build_not_found user_not_found token_not_found
            404: no_provenance
            405: method_not_allowed
            409: conflict job_finished job_not_finished user_exists self_delete input_changed volume_sealed
            409: volume_open volume_in_use path_conflict dataset_exists
            413: too_large context_too_large quota_exceeded
            429: too_many_requests too_many_failures too_many_tokens
            500: internal
            503: unavailable engine_unavailable
            """;

    @Test
    void everyCodeTheApiSentBefore_keepsItsStringAndStatus() {
        Map<String, Integer> now = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::id, ErrorCode::status));
        Map<String, Integer> api = new TreeMap<>();
        API.lines().map(l -> l.split(":")).forEach(l -> Arrays.stream(l[1].trim().split(" "))
                .forEach(code -> api.put(code, Integer.parseInt(l[0]))));
        assertThat(api).as("the list above").hasSize(66);
        assertThat(now).as("codes and statuses").containsAllEntriesOf(api);
    }

    @Test
    void body_carriesCodeMessageAndDetails() {
        var e = new GefException(ErrorCode.POLICY_DENIED, "denied", null, Map.of("decision", "d"));
        assertThat(e.status()).as("status").isEqualTo(403);
        assertThat(e.body()).as("body").containsExactly(Map.entry("error", "policy_denied"),
                Map.entry("message", "denied"), Map.entry("decision", "d"));
    }

    @Test
    void details_mayNotReplaceTheCodeOrMessage() {
        assertThatThrownBy(() -> new GefException(ErrorCode.CONFLICT, "x", null, Map.of("error", "y")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
