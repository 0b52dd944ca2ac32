package io.catalog.workflows;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON rules of a record an operator types: a workflow input in the Web UI's "Start Workflow"
 * form, {@code temporal workflow start --input} or a signal's {@code --input}
 * (docs/architecture.md, "Workflows, signals and queries").
 *
 * <ul>
 *   <li>Unknown fields are ignored: an input written for a newer release (or with a typo in an
 *       optional field) still starts the workflow on an older worker, which applies its defaults.
 *   <li>Null fields are left out when written: the history then records what was asked, not this
 *       release's defaults, so a later release with other defaults replays it unchanged.
 * </ul>
 *
 * <p>Every field of such a record is optional; its {@code withDefaults()} (or an accessor with a
 * fallback) fills the gaps.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public @interface OperatorInput {}
