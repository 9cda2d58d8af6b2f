package io.portcullis.policy.store;

import io.portcullis.policy.store.RedisUrl.Node;
import io.portcullis.policy.store.RedisUrl.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    @Test
    void parseWhenOneServerWithAclUserThenHostPortDatabaseAndCredentials() {
        RedisUrl url = RedisUrl.parse("redis://portcullis:s3cret@redis.internal:6380/2");

        assertThat(url).isEqualTo(new RedisUrl(Topology.STANDALONE, false, "portcullis", "s3cret",
                List.of(new Node("redis.internal", 6380)), 2, null));
    }

    @Test
    void parseWhenRedissThenTls() {
        assertThat(RedisUrl.parse("rediss://127.0.0.1:6380").tls()).isTrue();
        assertThat(RedisUrl.parse("redis://127.0.0.1:6380").tls()).isFalse();
    }

    @Test
    void parseWhenPasswordOnlyThenTheDefaultUser() {
        RedisUrl url = RedisUrl.parse("redis://:s3cret@localhost");

        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.nodes()).containsExactly(new Node("localhost", 6379));
    }

    @Test
    void parseWhenCredentialsArePercentEncodedThenDecoded() {
        RedisUrl url = RedisUrl.parse("redis://app%40eu:p%2Fa%3As+s%40@h:1");

        assertThat(url.username()).isEqualTo("app@eu");
        assertThat(url.password()).isEqualTo("p/a:s+s@");
    }

    @Test
    void parseWhenClusterThenEverySeedNode() {
        RedisUrl url = RedisUrl.parse("rediss+cluster://u:p@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");

        assertThat(url.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(url.tls()).isTrue();
        assertThat(url.nodes()).containsExactly(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 7001), new Node("::1", 7002));
    }

    @Test
    void parseWhenSentinelThenSentinelsDatabaseAndMaster() {
        RedisUrl url = RedisUrl.parse("redis+sentinel://u:p@s1:26379,s2/1?master=mymaster");

        assertThat(url).isEqualTo(new RedisUrl(Topology.SENTINEL, false, "u", "p",
                List.of(new Node("s1", 26379), new Node("s2", 26379)), 1, "mymaster"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown scheme           | http://h:1                          | unknown scheme 'http'
            no scheme                | h:6379                              | no scheme
            empty                    | ' '                                 | empty
            no host                  | redis://:6379                       | malformed host
            two servers standalone   | redis://h1:1,h2:2                   | names one server, got 2
            port not a number        | redis://h:63a9                      | malformed port '63a9'
            port out of range        | redis://h:70000                     | malformed port '70000'
            database not a number    | redis://h:1/x                       | malformed database 'x'
            cluster database         | redis+cluster://h:1/3               | a Redis Cluster has only database 0
            sentinel without master  | redis+sentinel://s:26379/0          | needs ?master=NAME
            sentinel other parameter | redis+sentinel://s:1?master=m&x=1   | unknown parameter 'x'
            parameter on one server  | redis://h:1?master=m                | only redis+sentinel:// takes ?master=NAME
            user without password    | redis://alice@h:1                   | credentials must be user:password
            empty host between nodes | redis+cluster://h:1,,h:2            | malformed host
            """)
    void parseWhenMalformedThenTheMessageNamesTheSettingAndThePart(String name, String url, String message) {
        assertThatThrownBy(() -> RedisUrl.parse(url)).isInstanceOf(RedisSettingException.class)
                .hasMessageStartingWith("REDIS_URL: ").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            raw slash in the password   | redis://u:pa/ss@h:1
            raw question mark           | redis://u:pa?ss@h:1
            raw hash                    | redis://u:pa#ss@h:1
            password then bad port      | redis://u:pass@h:port
            """)
    void parseWhenMalformedWithCredentialsThenNoPartOfThePasswordIsShown(String name, String url) {
        assertThatThrownBy(() -> RedisUrl.parse(url)).isInstanceOf(RedisSettingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa").doesNotContain("ss"));
    }

    @Test
    void toStringAndAddressNeverShowThePassword() {
        RedisUrl url = RedisUrl.parse("redis+sentinel://u:s3cret@s1:26379?master=m");

        assertThat(url.toString()).doesNotContain("s3cret").contains("***");
        assertThat(url.address()).isEqualTo("sentinel master m via s1:26379");
    }

    @Test
    void addressWhenOneServerThenHostAndPort() {
        assertThat(RedisUrl.parse("redis://portcullis:s3cret@redis.internal:6380/2").address()).isEqualTo("redis.internal:6380");
    }
}
