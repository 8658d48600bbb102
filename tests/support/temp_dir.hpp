#pragma once
/// A temporary directory removed on destruction (tests only).

#include <filesystem>
#include <string>

namespace runlog::testing {

class temp_dir {
 public:
  explicit temp_dir(const std::string& prefix = "runlog-test");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace runlog::testing
