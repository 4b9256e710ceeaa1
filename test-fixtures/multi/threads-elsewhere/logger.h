/*
 * multi/threads-elsewhere: the logging module's interface (logger.c). See
 * main.c for what this program tests.
 */
#ifndef LOGGER_H
#define LOGGER_H

int logger_start(const char *path);
void logger_stop(void);
void log_line(const char *msg);

#endif
