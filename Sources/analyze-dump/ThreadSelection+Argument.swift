import ArgumentParser
import DumpReport

extension TextReportOptions.ThreadSelection: ExpressibleByArgument {}
