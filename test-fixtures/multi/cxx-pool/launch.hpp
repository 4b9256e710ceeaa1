/*
 * multi/cxx-pool: launching an external converter (launch.cpp). See main.cpp
 * for what this program tests.
 */
#pragma once

#include <string>
#include <sys/types.h>

int convert_file(const std::string &in, const std::string &out);
