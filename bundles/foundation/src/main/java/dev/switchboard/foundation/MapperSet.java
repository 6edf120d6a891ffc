package dev.switchboard.foundation;

import java.util.Set;

/** The MyBatis mappers one bundle owns, created by {@link UnitOfWork#mappers(Class[])}. */
public interface MapperSet {

    /** The mapper interfaces in this set. */
    Set<Class<?>> mapperTypes();
}
