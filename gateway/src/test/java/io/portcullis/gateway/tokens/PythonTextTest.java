package io.portcullis.gateway.tokens;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PythonTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.5 | 0.5", "100 | 100.0", "0.0001 | 0.0001", "0.00001 | 1e-05",
            "1e15 | 1000000000000000.0", "1e16 | 1e+16", "-2.5e-7 | -2.5e-07", "1.2345678901234568e17 | 1.2345678901234568e+17",
            "1e300 | 1e+300", "-0.0 | -0.0", "Infinity | inf"})
    void floatTextWhenAFloatIsPrintedThenAsPythonsStrPrintsIt(double value, String text) {
        assertThat(PythonText.floatText(value)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"' a '|a", "'\u00a0a\u2007'|a", "'\u3000a\u0085'|a", "'\u001fa'|a", "'a b'|a b"})
    void stripWhenTextIsPaddedWithUnicodeSpacesThenPythonsStripRemovesThem(String text, String stripped) {
        assertThat(PythonText.strip(text)).isEqualTo(stripped);
    }

    @Property
    void stripIsIdempotent(@ForAll String text) {
        assertThat(PythonText.strip(PythonText.strip(text))).isEqualTo(PythonText.strip(text));
    }
}
