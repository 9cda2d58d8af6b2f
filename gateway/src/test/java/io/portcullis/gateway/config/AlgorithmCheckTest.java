package io.portcullis.gateway.config;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.parse.PolicyReader;
import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.token.SigningKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AlgorithmCheckTest {

    private static PolicySnapshot policy(String algorithm) {
        List<Problem> problems = new ArrayList<>();
        String text = "version: 1\nauthentication: [jwt]\ntokens:\n  algorithm: " + algorithm + "\nroutes: []\n";
        return PolicySnapshot.of(PolicyReader.read("policy.yaml", text, problems).orElseThrow(), new Users(List.of(), List.of()));
    }

    @Test
    void requireSameWhenReloadKeepsTheAlgorithmThenAccepted() {
        assertThatCode(() -> AlgorithmCheck.requireSame(policy("RS256"), SigningKeys.ephemeral("RS256"))).doesNotThrowAnyException();
    }

    @Test
    void requireSameWhenReloadChangesTheAlgorithmThenRefusedAskingForARestart() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AlgorithmCheck.requireSame(policy("HS256"), SigningKeys.ephemeral("ES256")))
                .withMessage("tokens.algorithm changed from ES256 to HS256; the signing algorithm is chosen at start-up: "
                        + "restart the gateway to change it");
    }
}
