package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

@Input("NewAction")
@Description("An action assigned at a review, to one accountable owner, due on a date.")
public class NewAction {
    @NonNull
    @Description("What is to be done; at most 500 characters.")
    public String title;
    @NonNull
    @Id
    public String accountableOwner;
    @NonNull
    public LocalDate dueOn;
}
