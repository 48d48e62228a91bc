package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import dev.tributary.delivery.WhereExpression.Condition;
import dev.tributary.delivery.WhereExpression.Field;
import dev.tributary.delivery.WhereExpression.Operator;
import dev.tributary.delivery.WhereExpression.WhereSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhereExpressionUnitTests {

    @Test
    void blank_matches_everything() {
        assertThat(WhereExpression.parse(null).conditions()).isEmpty();
        assertThat(WhereExpression.parse("   ").conditions()).isEmpty();
    }

    @Test
    void reads_the_seeds_kind_of_query() {
        assertThat(WhereExpression.parse("channel = 'webhook' and status = 'queued'").conditions()).containsExactly(
                new Condition(Field.CHANNEL, Operator.EQ, List.of("webhook")),
                new Condition(Field.STATUS, Operator.EQ, List.of("queued")));
    }

    @Test
    void reads_every_operator_field_and_value_kind() {
        List<Condition> conditions = WhereExpression.parse(
                "instanceId >= 42 AND createdDate < '2026-11-28T15:04:05Z' and status in ('queued','retrying')"
                        + " and config.url != 'https://x.example.com/a?b=''c''' and eventId > 'e1' and instanceId <= '7'"
                        + " and instanceId < 9 and instanceId > -1 and channel!='webhook'").conditions();
        assertThat(conditions).containsExactly(
                new Condition(Field.INSTANCE_ID, Operator.GE, List.of(42L)),
                new Condition(Field.CREATED_DATE, Operator.LT, List.of(Instant.parse("2026-11-28T15:04:05Z"))),
                new Condition(Field.STATUS, Operator.IN, List.of("queued", "retrying")),
                new Condition(Field.CONFIG_URL, Operator.NE, List.of("https://x.example.com/a?b='c'")),
                new Condition(Field.EVENT_ID, Operator.GT, List.of("e1")),
                new Condition(Field.INSTANCE_ID, Operator.LE, List.of(7L)),
                new Condition(Field.INSTANCE_ID, Operator.LT, List.of(9L)),
                new Condition(Field.INSTANCE_ID, Operator.GT, List.of(-1L)),
                new Condition(Field.CHANNEL, Operator.NE, List.of("webhook")));
    }

    @Test
    void times_with_offsets_are_read_as_instants() {
        assertThat(WhereExpression.parse("createdDate >= '2026-11-28T10:04:05-05:00'").conditions().get(0).values())
                .containsExactly(Instant.parse("2026-11-28T15:04:05Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "status = queued            | 9  | queued",
            "colour = 'red'             | 0  | colour",
            "status == 'queued'         | 8  | =",
            "status 'queued'            | 7  | queued",
            "status = 'lost'            | 9  | lost",
            "status = 'queued' or channel = 'webhook' | 18 | or",
            "status = 'queued' and      | 21 | ''",
            "status = 'queued           | 9  | 'queued",
            "instanceId = 'abc'         | 13 | abc",
            "instanceId = 99999999999999999999 | 13 | 99999999999999999999",
            "createdDate > 'yesterday'  | 14 | yesterday",
            "createdDate > 5            | 14 | 5",
            "status > 'queued'          | 7  | >",
            "status in 'queued'         | 10 | queued",
            "status in ('queued'        | 19 | ''",
            "status in ('queued' 'x')   | 20 | x",
            "status ! 'queued'          | 7  | !",
            "status = 'queued'; drop table deliveries | 17 | ;",
            "(status = 'queued')        | 0  | (",
    })
    void errors_point_at_the_bad_token(String expression, int position, String token) {
        assertThatThrownBy(() -> WhereExpression.parse(expression))
                .isInstanceOfSatisfying(WhereSyntaxException.class, e -> {
                    assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
                    assertThat(e.token().replace("'", "")).as(e.getMessage())
                            .startsWith(token.equals("''") ? "" : token.replace("'", ""));
                })
                .hasMessageContaining("position " + position);
    }

    /** Times that parse but that no epoch-millisecond column can hold made the delivery API answer 500. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "createdDate > '+1000000000-12-31T23:59:59Z'",
            "createdDate < '-999999999-01-01T00:00:00Z'",
            "createdDate in ('2026-11-28T15:04:05Z', '+300000000-01-01T00:00:00+01:00')",
    })
    void times_beyond_what_milliseconds_hold_are_refused(String expression) {
        assertThatThrownBy(() -> WhereExpression.parse(expression)).isInstanceOf(WhereSyntaxException.class)
                .hasMessageContaining("createdDate");
    }

    @Test
    void unknown_fields_list_the_known_ones() {
        assertThatThrownBy(() -> WhereExpression.parse("colour = 'red'")).hasMessageContaining("instanceId")
                .hasMessageContaining("createdDate");
    }

    @Test
    void limits_hold() {
        assertThatThrownBy(() -> WhereExpression.parse("status = '" + "x".repeat(5000) + "'")).hasMessageContaining("longer than");
        String many = String.join(" and ", java.util.Collections.nCopies(51, "instanceId = 1"));
        assertThatThrownBy(() -> WhereExpression.parse(many)).hasMessageContaining("more than 50 terms");
    }

    @Test
    void random_input_only_ever_fails_with_a_syntax_error() {
        String alphabet = "abcdefgIinstanceIdstatus=!<>()',. 0123456789-'and in";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                WhereExpression.parse(text.toString());
            } catch (WhereSyntaxException e) {
                assertThat(e.position()).isBetween(0, text.length());
            }
        }
    }
}
