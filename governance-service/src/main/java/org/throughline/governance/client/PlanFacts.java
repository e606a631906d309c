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

    public static class Initiative {
        public String id;
        public int slippageToleranceDays;
        public List<Reference> milestones;
    }

    public static class Workstream {
        public String id;
        public List<Reference> milestones;
    }
}
