#include "query/sql_builder.h"

#include "common/bounded_json.h"

#include <soci/soci.h>

namespace zstack::query {
namespace {

constexpr char kSystemTag[] = "__systemTag__";
constexpr char kUserTag[] = "__userTag__";

// The SQL operator of a positive condition (the negative ones are built from these).
const char* sqlOperator(Op op) {
  switch (op) {
    case Op::Eq: return "=";
    case Op::NotEq: return "<>";
    case Op::Gt: return ">";
    case Op::GtEq: return ">=";
    case Op::Lt: return "<";
    case Op::LtEq: return "<=";
    case Op::Like: return "LIKE";
    case Op::NotLike: return "NOT LIKE";
    case Op::In: return "IN";
    case Op::NotIn: return "NOT IN";
    case Op::IsNull: return "IS NULL";
    case Op::NotNull: return "IS NOT NULL";
  }
  return "=";
}

// The positive form of a negative operator (tags: NOT IN the resources whose tag matches it).
Op positive(Op op) {
  switch (op) {
    case Op::NotEq: return Op::Eq;
    case Op::NotIn: return Op::In;
    case Op::NotLike: return Op::Like;
    case Op::IsNull: return Op::NotNull;
    default: return op;
  }
}

bool isNegative(Op op) { return positive(op) != op; }
bool isLike(Op op) { return op == Op::Like || op == Op::NotLike; }

// The declared field `name` as of `apiVersion`; `where` (e.g. "q=size>1") starts the error.
Status findField(const QueryDescriptor& query, const Version& apiVersion, const std::string& name,
                 const std::string& where, const QueryField** out) {
  for (const QueryField& field : query.fields) {
    if (field.name != name) continue;
    if (field.since > apiVersion) {
      return invalidArgument(where + ": field " + name + " of " + query.name + " needs API version " +
                             field.since.str() + "; this host serves " + apiVersion.str());
    }
    *out = &field;
    return Status::OK();
  }
  return invalidArgument(where + ": " + query.name + " has no field " + textPreview(name));
}

class Builder {
 public:
  Builder(const QueryDescriptor& query, const QueryScope& scope, SqlQuery* out)
      : query_(query), scope_(scope), out_(*out) {}

  Status condition(const Condition& c) {
    if (c.field == kSystemTag || c.field == kUserTag) return tagCondition(c);
    const QueryField* field = nullptr;
    if (Status s = findColumn(c.field, "q=" + c.text, &field); !s.ok()) return s;
    if (isLike(c.op) && field->type != FieldType::Text) {
      return invalidArgument("q=" + c.text + ": " + opText(c.op) + " matches text, and field " + field->name +
                             " is not text");
    }
    const std::string column = "t." + field->column;
    if (c.op == Op::IsNull || c.op == Op::NotNull) {
      add(column + " " + sqlOperator(c.op));
      return Status::OK();
    }
    std::string placeholders;
    if (Status s = bindValues(*field, c, &placeholders); !s.ok()) return s;
    add(column + " " + sqlOperator(c.op) + " " + placeholders + likeEscape(c.op));
    return Status::OK();
  }

  // t.uuid IN / NOT IN (the resources of the query's type whose tags match).
  Status tagCondition(const Condition& c) {
    if (query_.resourceType.empty()) {
      return invalidArgument("q=" + c.text + ": " + query_.name + " takes no " + c.field + " conditions");
    }
    const char* table = c.field == kSystemTag ? "SystemTagVO" : "UserTagVO";
    const Op op = positive(c.op);
    std::string sub = std::string("SELECT resourceUuid FROM ") + table +
                      " WHERE resourceType = " + out_.bindings.add(query_.resourceType);
    if (op != Op::NotNull) {  // not null / is null: any tag at all
      std::string placeholders;
      const QueryField tag{c.field, FieldType::Text, "tag", Version()};
      if (Status s = bindValues(tag, c, &placeholders); !s.ok()) return s;
      sub += std::string(" AND tag ") + sqlOperator(op) + " " + placeholders + likeEscape(op);
    }
    add(std::string("t.uuid ") + (isNegative(c.op) ? "NOT IN" : "IN") + " (" + sub + ")");
    return Status::OK();
  }

  // The rows the caller's account owns, or that are shared with it or with every account.
  void visibility() {
    if (scope_.caller.admin) return;
    const std::string column = "t." + query_.visibilityColumn;
    const std::string owner = out_.bindings.add(scope_.caller.accountUuid);
    const std::string receiver = out_.bindings.add(scope_.caller.accountUuid);
    add("(EXISTS (SELECT 1 FROM AccountResourceRefVO a WHERE a.resourceUuid = " + column +
        " AND a.accountUuid = " + owner + ") OR EXISTS (SELECT 1 FROM SharedResourceVO s WHERE s.resourceUuid = " +
        column + " AND (s.toPublic = 1 OR s.receiverAccountUuid = " + receiver + ")))");
  }

  void onlyUuid(const std::string& uuid) { add("t.uuid = " + out_.bindings.add(uuid)); }

  Status order(const std::optional<SortKey>& sort) {
    out_.orderBy = " ORDER BY ";
    if (sort && sort->field != "uuid") {
      const QueryField* field = nullptr;
      if (Status s = findColumn(sort->field, "sort by " + textPreview(sort->field), &field); !s.ok()) return s;
      out_.orderBy += "t." + field->column + (sort->ascending ? " ASC, " : " DESC, ");
    }
    out_.orderBy += std::string("t.uuid") + (sort && sort->field == "uuid" && !sort->ascending ? " DESC" : " ASC");
    return Status::OK();
  }

 private:
  void add(const std::string& clause) { out_.where += (out_.where.empty() ? " WHERE " : " AND ") + clause; }

  // "(:p1, :p2)" for IN lists, else ":p1"; every value read as the field's type.
  Status bindValues(const QueryField& field, const Condition& c, std::string* placeholders) {
    const bool list = c.op == Op::In || c.op == Op::NotIn;
    for (const std::string& text : c.values) {
      Value value;
      if (Status s = readValue(field, text, &value); !s.ok()) {
        return invalidArgument("q=" + c.text + ": " + s.error().details);
      }
      *placeholders += (placeholders->empty() ? "" : ", ") + out_.bindings.add(std::move(value));
    }
    if (list) *placeholders = "(" + *placeholders + ")";
    return Status::OK();
  }

  // SQLite's LIKE has no escape character unless told; PostgreSQL's and MariaDB's is '\'.
  // Saying so makes "\%" and "\_" match a literal % and _ on every backend.
  std::string likeEscape(Op op) const {
    return isLike(op) && scope_.dialect == SqlDialect::SQLite ? " ESCAPE '\\'" : "";
  }

  Status findColumn(const std::string& name, const std::string& where, const QueryField** out) const {
    if (Status s = findField(query_, scope_.apiVersion, name, where, out); !s.ok()) return s;
    if ((*out)->column.empty()) {
      return invalidArgument(where + ": field " + name + " of " + query_.name +
                             " is computed for the inventory; no condition or sort may use it");
    }
    return Status::OK();
  }

  const QueryDescriptor& query_;
  const QueryScope& scope_;
  SqlQuery& out_;
};

}  // namespace

std::string Bindings::add(Value value) {
  values_.push_back(std::move(value));
  return dialect_ == SqlDialect::SQLite ? "?" : ":p" + std::to_string(values_.size() - 1);
}

void Bindings::bindTo(soci::statement& statement) const {
  for (const Value& value : values_) {
    std::visit([&](const auto& v) { statement.exchange(soci::use(v)); }, value);
  }
}

std::string SqlQuery::selectUuids(long long limit, long long start) const {
  return "SELECT t.uuid FROM " + table + " t" + where + orderBy + " LIMIT " + std::to_string(limit) + " OFFSET " +
         std::to_string(start);
}

std::string SqlQuery::count() const { return "SELECT COUNT(*) FROM " + table + " t" + where; }

Status buildQuery(const QueryDescriptor& query, const QueryRequest& request, const std::string& uuid,
                  const QueryScope& scope, SqlQuery* out) {
  SqlQuery sql;
  sql.table = query.table;
  sql.bindings = Bindings(scope.dialect);
  Builder builder(query, scope, &sql);
  if (!uuid.empty()) builder.onlyUuid(uuid);
  for (const Condition& condition : request.conditions) {
    if (Status s = builder.condition(condition); !s.ok()) return s;
  }
  builder.visibility();
  if (Status s = builder.order(request.sort); !s.ok()) return s;
  if (request.groupBy) {
    const QueryField* field = nullptr;
    if (Status s = findField(query, scope.apiVersion, *request.groupBy, "groupBy=" + textPreview(*request.groupBy), &field);
        !s.ok()) {
      return s;
    }
  }
  *out = std::move(sql);
  return Status::OK();
}

Status checkProjection(const QueryDescriptor& query, const std::vector<std::string>& fields,
                       const Version& apiVersion) {
  for (const std::string& name : fields) {
    const QueryField* field = nullptr;
    if (Status s = findField(query, apiVersion, name, "fields=" + textPreview(name), &field); !s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace zstack::query
