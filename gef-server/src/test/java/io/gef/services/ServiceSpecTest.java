package io.gef.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.errors.GefException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Annotations as the original EUDAT GEF images write them: display names, 1-based numbering, unknown keys. */
class ServiceSpecTest {
    static final String P = ServiceSpec.P;

    /** The label set of the original project's nltk image. */
    static Map<String, String> nltk() {
        return new HashMap<>(Map.of(P + "name", "NLTK POS-tagging", P + "version", "1.0",
                P + "description", "Performs text segmentation (splits into sentences) and POS-tagging",
                P + "input.1.name", "First Input Directory", P + "input.1.path", "/root/input1",
                P + "input.2.name", "Second Input Directory", P + "input.2.path", "/root/input2",
                P + "output.1.name", "Output Directory", P + "output.1.path", "/root/output"));
    }

    @Test
    void originalLabels_withSpacesAndOneBasedNumbering_giveDisplayNamesAndIds() {
        ServiceSpec s = ServiceSpec.fromLabels(nltk());

        assertThat(s.name()).isEqualTo("nltk-pos-tagging");
        assertThat(s.displayName()).isEqualTo("NLTK POS-tagging");
        assertThat(s.inputs()).extracting(ServiceSpec.Input::name)
                .containsExactly("first-input-directory", "second-input-directory");
        assertThat(s.inputs()).extracting(ServiceSpec.Input::displayName)
                .containsExactly("First Input Directory", "Second Input Directory");
        assertThat(s.outputs().getFirst()).isEqualTo(new ServiceSpec.Output("output-directory", "Output Directory",
                "/root/output"));
    }

    @Test
    void validIds_stayAsTheyAre_andOtherNamesAreFolded() {
        assertThat(Names.id("k", "wordcount", Names.Kind.SERVICE)).isEqualTo("wordcount");
        assertThat(Names.id("k", "CDO Demo", Names.Kind.SERVICE)).isEqualTo("cdo-demo");
        assertThat(Names.id("k", "Clone", Names.Kind.SERVICE)).isEqualTo("clone");
        assertThat(Names.id("k", "  Ünïcödé  Tool!".strip(), Names.Kind.SERVICE)).isEqualTo("unicode-tool");
        assertThat(Names.id("k", "Text", Names.Kind.FIELD)).as("a valid field id keeps its case").isEqualTo("Text");
        assertThat(Names.id("k", "Max Words", Names.Kind.PARAMETER)).isEqualTo("max_words");
        assertThat(Names.id("k", "3 Sigma", Names.Kind.PARAMETER)).isEqualTo("_3_sigma");
    }

    @Test
    void aNameWithoutLettersOrDigits_orWithControlCharacters_isRefusedNamingTheLabel() {
        Map<String, String> l = nltk();
        l.put(P + "name", "***");
        assertThatThrownBy(() -> ServiceSpec.fromLabels(l)).isInstanceOfSatisfying(GefException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(P + "name is '***': no id can be derived");
        l.put(P + "name", "tab\there");
        assertThatThrownBy(() -> ServiceSpec.fromLabels(l)).hasMessageContaining("printable");
    }

    @Test
    void numbering_fromZeroOrOne_isAccepted_butAGapIsRefusedNamingTheLabel() {
        Map<String, String> zero = new HashMap<>(Map.of(P + "name", "z", P + "version", "1",
                P + "input.0.name", "a", P + "input.0.path", "/a", P + "input.1.name", "b", P + "input.1.path", "/b"));
        assertThat(ServiceSpec.fromLabels(zero).inputs()).hasSize(2);

        Map<String, String> gap = nltk();
        gap.put(P + "input.4.name", "Late");
        gap.put(P + "input.4.path", "/late");
        assertThatThrownBy(() -> ServiceSpec.fromLabels(gap)).isInstanceOfSatisfying(GefException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(P + "input.4.name: input indexes must run without gaps from 0 or from 1");

        Map<String, String> two = nltk();
        two.remove(P + "input.1.name");
        two.remove(P + "input.1.path");
        assertThatThrownBy(() -> ServiceSpec.fromLabels(two)).hasMessageContaining(P + "input.2.name");
    }

    @Test
    void twoNamesFoldingToTheSameId_areRefused() {
        Map<String, String> l = nltk();
        l.put(P + "input.2.name", "first input directory");
        assertThatThrownBy(() -> ServiceSpec.fromLabels(l)).hasMessageContaining("'first-input-directory' is used"
                + " twice");
    }

    @Test
    void laterOriginalKeys_areWarnings_andUnknownKeysFailNamingThem() {
        Map<String, String> l = nltk();
        l.put(P + "input_directory.path", "/input_directory");
        l.put("org.opencontainers.image.title", "not ours");
        assertThat(LabelKeys.check(l)).singleElement().asString().startsWith(P + "input_directory.path: a key of"
                + " later versions of the original EUDAT GEF");

        l.put(P + "input.1.mode", "fast");
        assertThatThrownBy(() -> LabelKeys.check(l)).isInstanceOfSatisfying(GefException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith(P + "input.1.mode is not a GEF annotation");
        assertThatThrownBy(() -> LabelKeys.check(Map.of("eudat.gef.other", "x")))
                .hasMessageStartingWith("eudat.gef.other is not a GEF annotation");
    }

    @Test
    void parameters_areBoundByIdOrByDisplayName() {
        Map<String, String> l = nltk();
        l.put(P + "parameter.1.name", "Max Words");
        l.put(P + "parameter.1.type", "int");
        l.put(P + "parameter.1.env", "MAX_WORDS");
        ServiceSpec s = ServiceSpec.fromLabels(l);

        assertThat(s.parameters()).extracting(Parameter::name, Parameter::displayName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("max_words", "Max Words"));
        assertThat(s.bind(Map.of("Max Words", 7)).env()).containsEntry("MAX_WORDS", "7");
        assertThat(s.bind(Map.of("max_words", 8)).parameters()).containsEntry("max_words", 8L);
        assertThatThrownBy(() -> s.bind(Map.of("Min Words", 1))).hasMessageContaining("parameters.Min Words");
        assertThat(List.of(s.plan("h/r@sha256:" + "0".repeat(64)).inputs().getFirst().displayName()))
                .containsExactly("First Input Directory");
    }
}
