package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import java.time.LocalDate;

@Input("ReviewChanges")
@Description("Changes to a draft review: a field left out stays as it is.")
public class ReviewChanges {
    public String title;
    public LocalDate heldOn;
}
