/**
 * BlueChi's public D-Bus API ({@code org.eclipse.bluechi}), as its introspection files ({@code
 * data/org.eclipse.bluechi.*.xml}) define it: only the members PICCOLO calls or listens to, with
 * the same names, argument order and signatures. Public because dbus-java builds proxies and
 * exports objects from these interfaces.
 */
package io.piccolo.adapters.bluechi.dbus;
