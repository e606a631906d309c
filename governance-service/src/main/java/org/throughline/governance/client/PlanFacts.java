package org.throughline.governance.client;

import java.time.LocalDate;
import java.util.List;

/** What governance reads of the plan: the fields the typed client asks for are exactly these. */
public final class PlanFacts {

    private PlanFacts() {
    }

    public static class Reference {
        public String id;
    }

    public static class Milestone {
        public String id;
        public String title;
        public int version;
        public String deliveryStatus;
        public String health;
        public String stageGate;
        public String accountableOwner;
        public LocalDate baselineFinish;
        public LocalDate forecastFinish;
        public int slippageDays;
        public Reference initiative;
        public Reference workstream;
    }

    /** An initiative with its milestones, for roll-ups and review snapshots. */
    public static class Initiative {
        public String id;
        public String name;
        public String status;
        public String accountableOwner;
        public List<Reference> milestones;
    }

    /** An initiative's own facts, for the signals. */
    public static class InitiativeSummary {
        public String id;
        public String name;
        public String accountableOwner;
        public int slippageToleranceDays;
    }

    public static class PageInfo {
        public boolean hasNextPage;
        public String endCursor;
    }

    public static class MilestonePage {
        public List<Milestone> nodes;
        public PageInfo pageInfo;
    }

    public static class InitiativePage {
        public List<InitiativeSummary> nodes;
        public PageInfo pageInfo;
    }

    public static class Workstream {
        public String id;
        public List<Reference> milestones;
    }
}
