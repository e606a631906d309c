package org.throughline.kpi.connector;

import org.junit.jupiter.api.Test;
import org.throughline.subgraph.RejectedInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What counts as one SELECT: semicolons and keywords inside quotes and comments do not. */
class SingleSelectTest {

    @Test
    void trailingSemicolonsAndCommentsAreCutAndQuotedOnesKept() throws RejectedInputException {
        assertEquals("select 1 as day", ConnectorService.singleSelect("select 1 as day;"));
        assertEquals("select 1 as day", ConnectorService.singleSelect("select 1 as day ; ; -- done; really"));
        assertEquals("select 'a;b' as day", ConnectorService.singleSelect("select 'a;b' as day;"));
        assertEquals("-- the turnaround\nWITH q AS (SELECT 1) SELECT * FROM q",
                ConnectorService.singleSelect("-- the turnaround\nWITH q AS (SELECT 1) SELECT * FROM q"));
        assertEquals("select $x$;drop$x$ as day", ConnectorService.singleSelect("select $x$;drop$x$ as day /* ; */"));
    }

    @Test
    void anythingButOneSelectIsRefused() {
        for (String query : new String[]{"delete from quotes", "select 1; drop table quotes", "/* select */ update x",
                "insert into x select 1", "select 1;;select 2"}) {
            assertThrows(ConnectorQueryNotSelectException.class, () -> ConnectorService.singleSelect(query), query);
        }
    }
}
