package keystorm.engine;

import static keystorm.engine.TableLifecycleTest.assertError;
import static keystorm.engine.TableLifecycleTest.onDemand;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ListTagsOfResourceResponse;
import keystorm.engine.api.Tag;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

class TagsTest {
    private final Engine engine = new Engine(new ManualClock());
    private final String arn = engine.createTable(onDemand("tb1")).tableArn();

    static List<Tag> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new Tag("k" + i, "v" + i)).toList();
    }

    @Test
    void tagUntagAndList() {
        assertThat(engine.listTagsOfResource(arn, null).tags()).isEmpty();
        engine.tagResource(arn, List.of(new Tag("b", "2"), new Tag("a", "1"), new Tag(" ", "9"), new Tag("7", " ")));
        assertThat(engine.listTagsOfResource(arn, null).tags()).containsExactly(new Tag(" ", "9"), new Tag("7", " "),
                new Tag("a", "1"), new Tag("b", "2"));
        engine.tagResource(arn, List.of(new Tag("a", "other"), new Tag("e", "")));
        engine.untagResource(arn, List.of("b", "not-there"));
        assertThat(engine.listTagsOfResource(arn, null).tags()).containsExactly(new Tag(" ", "9"), new Tag("7", " "),
                new Tag("a", "other"), new Tag("e", ""));
    }

    @Test
    void createTableTagsAreCheckedBeforeTheTableIsCreated() {
        String tagged = engine.createTable(onDemand("tb2"), List.of(new Tag("team", "x"))).tableArn();
        assertThat(engine.listTagsOfResource(tagged, null).tags()).containsExactly(new Tag("team", "x"));
        assertError(() -> engine.createTable(onDemand("tb3"), numbered(0, 51)), ErrorType.ValidationException,
                "Number of Tags exceed the current limit");
        assertError(() -> engine.describeTable("tb3"), ErrorType.ResourceNotFoundException, "tb3");
    }

    @Test
    void fiftyTagsAtMostCountingTheOnesTheTableHas() {
        engine.tagResource(arn, numbered(0, 30));
        engine.tagResource(arn, numbered(20, 50)); // 20..29 replaced: 50 in all
        assertThat(engine.listTagsOfResource(arn, null).tags()).hasSize(50);
        assertError(() -> engine.tagResource(arn, numbered(50, 51)), ErrorType.ValidationException,
                "Number of Tags exceed the current limit for the provided ResourceArn");
        assertThat(engine.listTagsOfResource(arn, null).tags()).hasSize(50);
    }

    @Test
    void keysValuesAndCharacters() {
        engine.tagResource(arn, List.of(new Tag("x".repeat(128), "y".repeat(256)), new Tag("ok_.:/=+-@ \u05d0", "")));
        assertError(() -> engine.tagResource(arn, List.of(new Tag("x".repeat(129), "v"))), ErrorType.ValidationException,
                "Member must have length less than or equal to 128");
        assertError(() -> engine.tagResource(arn, List.of(new Tag("k", "y".repeat(257)))), ErrorType.ValidationException,
                "less than or equal to 256");
        assertError(() -> engine.tagResource(arn, List.of(new Tag("", "v"))), ErrorType.ValidationException,
                "greater than or equal to 1");
        assertError(() -> engine.tagResource(arn, List.of(new Tag("k", null))), ErrorType.ValidationException,
                "Value null at 'tags.1.member.value'");
        for (String bad : List.of("hi!", "d%g", "\"hello\"")) {
            assertError(() -> engine.tagResource(arn, List.of(new Tag(bad, "v"))), ErrorType.ValidationException, bad);
            assertError(() -> engine.tagResource(arn, List.of(new Tag("k", bad))), ErrorType.ValidationException, bad);
        }
        assertError(() -> engine.tagResource(arn, List.of(new Tag("aws:owner", "v"))), ErrorType.ValidationException,
                "reserved");
        assertError(() -> engine.tagResource(arn, List.of()), ErrorType.ValidationException,
                "Atleast one Tag needs to be provided as Input.");
        assertError(() -> engine.tagResource(arn, null), ErrorType.ValidationException, "Atleast one Tag");
        assertError(() -> engine.untagResource(arn, null), ErrorType.ValidationException, "tagKeys");
        assertThat(engine.listTagsOfResource(arn, null).tags()).hasSize(2);
    }

    @Test
    void theResourceArnMustNameATable() {
        List<Tag> one = List.of(new Tag("k", "v"));
        assertError(() -> engine.tagResource("I_do_not_exist", one), ErrorType.ValidationException, "ARNs must start with 'arn:'");
        for (String bad : List.of("arn:not/a/good/format", "arn:" + "scylla/".repeat(15), ":/".repeat(30), " ", arn + "/index/gsi")) {
            assertError(() -> engine.tagResource(bad, one), ErrorType.ValidationException, "ResourceArn");
        }
        assertError(() -> engine.tagResource(arn + "x", one), ErrorType.ResourceNotFoundException, arn + "x");
        assertError(() -> engine.listTagsOfResource(null, null), ErrorType.ValidationException, "resourceArn");
        // any Region and account: the engine has one of each
        engine.tagResource("arn:aws:dynamodb:eu-west-1:123456789012:table/tb1", one);
        assertThat(engine.listTagsOfResource(arn, null).tags()).containsExactly(new Tag("k", "v"));
    }

    @Test
    void listTagsOfResourcePagesWithNextToken() {
        engine.tagResource(arn, numbered(0, 25));
        List<Tag> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListTagsOfResourceResponse page = engine.listTagsOfResource(arn, token, 10);
            assertThat(page.tags().size()).isLessThanOrEqualTo(10);
            all.addAll(page.tags());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(all).containsExactlyElementsOf(engine.listTagsOfResource(arn, null).tags());
        assertThat(engine.listTagsOfResource(arn, null).nextToken()).isNull(); // 50 fit in the default page
        assertError(() -> engine.listTagsOfResource(arn, "%%%"), ErrorType.ValidationException, "Invalid NextToken");
    }

    @Test
    void describeLimitsAnswersDynamoDbsDefaultQuotas() {
        var limits = engine.describeLimits();
        assertThat(limits.accountMaxReadCapacityUnits()).isEqualTo(80_000);
        assertThat(limits.accountMaxWriteCapacityUnits()).isEqualTo(80_000);
        assertThat(limits.tableMaxReadCapacityUnits()).isEqualTo(40_000);
        assertThat(limits.tableMaxWriteCapacityUnits()).isEqualTo(40_000);
    }
}
