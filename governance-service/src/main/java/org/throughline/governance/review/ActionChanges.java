package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

import java.time.LocalDate;

@Input("ActionChanges")
@Description("Changes to an action: a field left out stays as it is. Once its review is published, the title is the "
        + "one assigned; the owner, the due date and the status follow the work.")
public class ActionChanges {
    public String title;
    @Id
    @Description("A handover to another accountable owner.")
    public String accountableOwner;
    public LocalDate dueOn;
    public ActionStatus status;
}
