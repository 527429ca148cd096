package io.gef.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParamSpecTest {
    @Test
    void theValueIsEverythingAfterTheFirstEqualsSign() {
        assertThat(ParamSpec.parse("script=a=b; echo $x")).as("parsed")
                .isEqualTo(new ParamSpec("script", "a=b; echo $x"));
    }

    @Test
    void declaredNumbersAndBooleans_areSentAsJsonNumbersAndBooleans() {
        assertThat(ParamSpec.parse("n=42").value("int")).as("int").isEqualTo(42L);
        assertThat(ParamSpec.parse("x=0.5").value("float")).as("float").isEqualTo(0.5);
        assertThat(ParamSpec.parse("i=true").value("bool")).as("bool").isEqualTo(Boolean.TRUE);
        assertThat(ParamSpec.parse("i=false").value("bool")).as("bool false").isEqualTo(Boolean.FALSE);
    }

    @Test
    void aStringParameterThatLooksLikeANumber_staysAString_becauseTheServerRefusesNumbersForStrings() {
        assertThat(ParamSpec.parse("pattern=42").value("string")).as("string type").isEqualTo("42");
        assertThat(ParamSpec.parse("pattern=true").value("string")).as("string type").isEqualTo("true");
        assertThat(ParamSpec.parse("mode=1").value("enum")).as("enum values are strings").isEqualTo("1");
    }

    @Test
    void anUndeclaredParameter_orAValueThatDoesNotParse_isSentAsTheText_forTheServerToName() {
        assertThat(ParamSpec.parse("n=42").value(null)).as("unknown type").isEqualTo("42");
        assertThat(ParamSpec.parse("n=lots").value("int")).as("not a number").isEqualTo("lots");
        assertThat(ParamSpec.parse("x=NaN").value("float")).as("not finite").isEqualTo("NaN");
        assertThat(ParamSpec.parse("i=yes").value("bool")).as("not a boolean").isEqualTo("yes");
    }

    @Test
    void aParamWithoutNameOrEquals_isAUsageError() {
        assertThatThrownBy(() -> ParamSpec.parse("n")).as("no '='")
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exit).isEqualTo(Exit.USAGE));
        assertThatThrownBy(() -> ParamSpec.parse("=1")).as("no name").isInstanceOf(CliFailure.class);
    }
}
