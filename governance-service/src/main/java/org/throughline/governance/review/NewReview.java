package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

@Input("NewReview")
@Description("A review of an initiative, drafted: decisions and actions are recorded on it, then it is published.")
public class NewReview {
    @NonNull
    @Id
    public String initiativeId;
    @NonNull
    @Description("At most 200 characters, such as: Steering committee, October.")
    public String title;
    @NonNull
    @Description("The day the review is held.")
    public LocalDate heldOn;
}
