/*
 * multi/platform-files: the port layer's interface, mch_quit(), defined once
 * per system (os_unix.c, os_amiga.c). See main.c for what this program tests.
 */
void mch_quit(int status);
