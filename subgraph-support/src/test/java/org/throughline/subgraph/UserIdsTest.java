package org.throughline.subgraph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** User ids are kept as Keycloak keeps usernames: trimmed, lower case, one spelling per person. */
class UserIdsTest {

    @Test
    void anyCaseAndSurroundingSpaceNameOnePersonInLowerCase() throws BadInputException {
        assertEquals("it-lead", Inputs.userId("owner", "IT-Lead"));
        assertEquals("it-lead", Inputs.userId("owner", "  it-LEAD "));
        assertEquals("ana.sousa@example.com", Inputs.userId("owner", "Ana.Sousa@Example.com"));
        assertEquals("unassigned", Inputs.userId("owner", "Unassigned"));
        assertEquals("cfo", Inputs.canonicalUserId(" CFO"));
        assertNull(Inputs.canonicalUserId(null));
    }

    @Test
    void aLetterThatOnlyLowerCasingWouldTurnIntoAsciiIsNoUserId() {
        // The Kelvin sign lower-cases to k: "\u212Aeycloak" must not pass as keycloak.
        BadInputException refused = assertThrows(BadInputException.class, () -> Inputs.userId("owner", "\u212Aeycloak"));
        assertEquals("owner", refused.field());
    }
}
