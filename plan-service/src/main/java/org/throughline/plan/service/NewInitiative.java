package org.throughline.plan.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** What a plan editor supplies to open an initiative. */
@Input("NewInitiative")
@Description("A new transformation programme.")
public class NewInitiative {
    @NotBlank
    @Size(max = 200)
    public String name;
    @Size(max = 2000)
    public String objective;
    @Size(max = 200)
    public String sponsor;
}
