package io.gef.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyParseTest {
    private static Policy parse(String yaml) {
        return Policy.parse(yaml.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void withoutATrustedRegistriesRule_nothingIsTrusted() {
        Policy p = parse("version: 1\nrules:\n  - {id: l, type: deny-latest}\n");
        assertThat(p.rules().getFirst()).isInstanceOf(Rule.TrustedRegistries.class);
        assertThat(((Rule.TrustedRegistries) p.rules().getFirst()).patterns()).isEmpty();
    }

    @Test
    void unknownRuleType_isRejectedNamingTheRule() {
        assertThatThrownBy(() -> parse("version: 1\nrules:\n  - {id: x, type: allow-all}\n"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0] (x).type");
    }

    @Test
    void badMode_unknownKeyName_andDuplicateIds_areRejected() {
        assertThatThrownBy(() -> parse("version: 1\nrules:\n  - {id: x, type: deny-latest, mode: maybe}\n"))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> parse("version: 1\nrules:\n  - {id: s, type: signatures, keys: {a: nobody}}\n"))
                .hasMessageContaining("keys.a");
        assertThatThrownBy(() -> parse("version: 1\nrules:\n  - {id: x, type: deny-latest}\n"
                + "  - {id: x, type: deny-latest}\n")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> parse("version: 2\n")).hasMessageContaining("version");
    }

    @Test
    void repositoryPatterns_matchOnHostAndSegmentBoundaries() {
        var p = new RepositoryPattern("127.0.0.1:5000", "gef");
        assertThat(p.matches("127.0.0.1:5000", "gef/wordcount")).isTrue();
        assertThat(p.matches("127.0.0.1:5000", "gef")).isTrue();
        assertThat(p.matches("127.0.0.1:5000", "gef-evil/x")).isFalse();
        assertThat(p.matches("127.0.0.1:5000.evil.io", "gef/x")).isFalse();
        assertThat(p.matches("127.0.0.1:500", "gef/x")).isFalse();
    }
}
