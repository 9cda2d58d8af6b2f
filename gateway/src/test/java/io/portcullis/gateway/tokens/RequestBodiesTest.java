package io.portcullis.gateway.tokens;

import io.portcullis.gateway.web.ApiErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** DRF's parsers and CharField on the token endpoints' bodies: the checks, their order and their texts. */
class RequestBodiesTest {

    private static final List<CharField> LOGIN = List.of(CharField.text("username"), CharField.password("password"));

    private static RequestBodies.Submitted json(String body) {
        return RequestBodies.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> errors(RequestBodies.Submitted body, List<CharField> fields) {
        return catchThrowableOfType(InvalidInputException.class, () -> body.fields(fields)).body();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"password\":\"p\"}                      | This field is required.",
            "{\"username\":null,\"password\":\"p\"}    | This field may not be null.",
            "{\"username\":\"\",\"password\":\"p\"}    | This field may not be blank.",
            "{\"username\":\" \\t \",\"password\":\"p\"} | This field may not be blank.",
            "{\"username\":true,\"password\":\"p\"}    | Not a valid string.",
            "{\"username\":[],\"password\":\"p\"}      | Not a valid string.",
            "{\"username\":{},\"password\":\"p\"}      | Not a valid string.",
            "{\"username\":\"a\\u0000b\",\"password\":\"p\"} | Null characters are not allowed.",
            "{\"username\":\"a\\udc00\",\"password\":\"p\"}  | 'Surrogate characters are not allowed: U+DC00.'"})
    void fieldsWhenUsernameIsNotTextThenDrfsFieldError(String body, String error) {
        assertThat(errors(json(body), LOGIN)).containsEntry("username", List.of(error));
    }

    @Test
    void fieldsWhenBothFailThenBothInFieldOrderAfterTheDetail() {
        assertThat(errors(json("{}"), LOGIN)).containsExactly(Map.entry("detail", "Invalid input."),
                Map.entry("username", List.of("This field is required.")), Map.entry("password", List.of("This field is required.")));
    }

    @Test
    void fieldsWhenTextIsPaddedThenTheUsernameIsTrimmedAndThePasswordIsNot() {
        Map<String, String> values = json("{\"username\":\"\\u00a0alice \",\"password\":\" secret \"}").fields(LOGIN);

        assertThat(values).containsEntry("username", "alice").containsEntry("password", " secret ");
    }

    @Test
    void fieldsWhenAnUntrimmedPasswordIsOnlySpacesThenItIsAPasswordNotABlank() {
        Map<String, String> values = json("{\"username\":\"a\",\"password\":\"   \"}")
                .fields(List.of(CharField.text("username"), CharField.untrimmed("password")));

        assertThat(values).containsEntry("password", "   ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12345 | 12345", "-7 | -7", "1.5 | 1.5", "1e2 | 100.0", "1e16 | 1e+16",
            "0.00001 | 1e-05", "123456789012345678901234567890 | 123456789012345678901234567890"})
    void fieldsWhenANumberIsSentThenItIsTextAsPythonPrintsIt(String number, String text) {
        assertThat(json("{\"username\":" + number + ",\"password\":\"p\"}").fields(LOGIN)).containsEntry("username", text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1] | list", "\"x\" | str", "1 | int", "1.5 | float", "true | bool"})
    void fieldsWhenTheBodyIsNotAnObjectThenDrfsNonFieldError(String body, String type) {
        assertThat(errors(json(body), LOGIN)).containsEntry("non_field_errors",
                List.of("Invalid data. Expected a dictionary, but got " + type + "."));
    }

    @Test
    void fieldsWhenTheBodyIsJsonNullThenNoDataProvided() {
        assertThat(errors(json("null"), LOGIN)).containsEntry("non_field_errors", List.of("No data provided"));
    }

    @Test
    void parseWhenTheBodyIsEmptyThenAnEmptyFormWhateverItsType() {
        assertThat(RequestBodies.parse("text/plain", new byte[0]).members()).isEmpty();
        assertThat(RequestBodies.parse(null, new byte[0]).members()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {"text/plain; charset=utf-8 | text/plain; charset=utf-8",
            "NONE | ''", "not a type | not a type"})
    void parseWhenTheMediaTypeIsNotReadThen415QuotingItAsSent(String contentType, String quoted) {
        ApiErrorException refused = catchThrowableOfType(ApiErrorException.class,
                () -> RequestBodies.parse(contentType, "x".getBytes(StandardCharsets.UTF_8)));

        assertThat(refused.error().status().value()).isEqualTo(415);
        assertThat(refused.error().detail()).isEqualTo("Unsupported media type \"" + quoted + "\" in request.");
    }

    @Test
    void parseWhenAMemberIsSentTwiceThen400() {
        ApiErrorException refused = catchThrowableOfType(ApiErrorException.class,
                () -> json("{\"username\":\"mallory\",\"username\":\"alice\"}"));

        assertThat(refused.error().status().value()).isEqualTo(400);
        assertThat(refused.error().detail()).isEqualTo("JSON parse error - a member is sent more than once.");
    }

    @Test
    void parseWhenAFormFieldHasNoValueThenItIsBlank() {
        RequestBodies.Submitted body = RequestBodies.parse("application/x-www-form-urlencoded",
                "username&password=a%20b".getBytes(StandardCharsets.UTF_8));

        assertThat(errors(body, LOGIN)).containsEntry("username", List.of("This field may not be blank."));
        assertThat(body.members()).containsEntry("password", "a b");
    }

    @Test
    void usernameWhenTheBodyHasNoTextUsernameThenEmpty() {
        assertThat(json("{\"username\":\" bob \"}").username()).isEqualTo("bob");
        assertThat(json("{\"username\":[\"bob\"]}").username()).isEmpty();
        assertThat(json("[\"bob\"]").username()).isEmpty();
    }
}
