package sigkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test method or class: requests the sigkit mock rejects do not fail the test, for tests that
 * mean to be rejected (a skewed clock, a wrong key). {@link SigkitMock#allowRejections()} does the same
 * from inside a test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Inherited
public @interface SigkitAllowRejections {}
