// The grammar of .mmun scenario scripts. No actions: the interpreter's AstBuilder turns the
// parse tree into its own immutable AST, and only the syntax package ever sees these classes.
grammar Mmun;

// A comment that runs to the end of the text (made by CommentLexer, never by a rule; the type is
// the parser's, MmunParser.UNTERMINATED_COMMENT).
tokens { UNTERMINATED_COMMENT }

script
    : item* EOF
    ;

item
    : ERA VERSION                                                   # eraDecl
    | PAGE name=ident AT addr=NUMBER (ASSIGN neg=MINUS? value=NUMBER)? option*  # pageDecl
    | FRAME name=ident (ASSIGN neg=MINUS? value=NUMBER)? option*    # frameDecl
    | DEVICE name=ident kind=ident                                  # deviceDecl
    | kind=(SPINLOCK | MUTEX) name=ident                            # lockDecl
    | CPU name=ident block?                                         # cpuDecl
    | DEV name=ident (ON device=ident)? block?                      # devDecl
    | PROC name=ident LPAREN params? RPAREN (ERA era=VERSION)? block # procDecl
    | NOTIFIER name=ident ON device=ident LBRACE callback* RBRACE  # notifierDecl
    | INTERVAL name=ident ON device=ident LBRACK from=expr COMMA to=expr RPAREN LBRACE callback* RBRACE   # intervalDecl
    | ARCH name=ident                                               # archDecl
    | GATHER_BATCH size=NUMBER                                      # gatherBatchDecl
    | MODE ident                                                    # modeDecl
    | EXPECT ident (COMMA ident)*                                   # expectDecl
    | quantifier LPAREN expr RPAREN                                 # finalDecl
    | LBRACK TIME timeLabel* RBRACK row*                            # timeBlock
    | SCHEDULE LBRACE ident* RBRACE                                 # scheduleDecl
    | SEMI                                                          # emptyItem
    ;

// One input of the REPL: declarations, statements for its implicit thread, and statements for
// a named thread (`on T: stmt` or `on T { stmts }`).
replInput
    : replPart* EOF
    ;

replPart
    : item                                                          # replItem
    | ON thread=ident (COLON stmt+ | block)                         # replOn
    | stmt                                                          # replStmt
    ;

// A declaration's option: a word (cow, huge), a word and a number (ref 3), or a word and names
// (tlb(CPU-thread-0)).
option
    : ident                                                         # wordOption
    | ident NUMBER                                                  # numberOption
    | ident LPAREN ident (COMMA ident)* RPAREN                      # namesOption
    ;

quantifier
    : EXISTS                                                        # existsQuant
    | TILDE EXISTS                                                  # notExistsQuant
    | FORALL                                                        # forallQuant
    ;

timeLabel
    : ~RBRACK
    ;

row
    : thread=ident LBRACE cellPart* RBRACE
    ;

cellPart
    : label=ident COLON block                                       # labelledPart
    | stmt                                                          # plainPart
    ;

params
    : ident (COMMA ident)*
    ;

// A subscriber's callback: invalidate_range_start(r) { ... }
callback
    : name=ident LPAREN params? RPAREN block
    ;

block
    : LBRACE stmt* RBRACE
    ;

stmt
    : SEMI                                                          # emptyStmt
    | target=ident ASSIGN expr                                      # assignStmt
    | TRY (target=ident ASSIGN)? call                               # tryStmt
    | call                                                          # callStmt
    | ATOMIC block                                                  # atomicStmt
    | ifChain                                                       # ifStmt
    | WHILE LPAREN expr RPAREN MAX NUMBER block                     # whileStmt
    | REPEAT NUMBER block                                           # repeatStmt
    | ASSERT LPAREN expr RPAREN                                     # assertStmt
    | PREEMPT                                                       # preemptStmt
    | RETURN expr?                                                  # returnStmt
    ;

ifChain
    : IF LPAREN expr RPAREN block (ELSE (block | ifChain))?
    ;

expr
    : LPAREN expr RPAREN                                            # parenExpr
    | op=(MINUS | BANG | TILDE) expr                                # unaryExpr
    | expr op=(STAR | SLASH | PERCENT) expr                         # mulExpr
    | expr op=(PLUS | MINUS) expr                                   # addExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr                    # cmpExpr
    | expr op=(ANDAND | WEDGE) expr                                 # andExpr
    | expr op=(OROR | VEE) expr                                     # orExpr
    | expr DOTDOT expr                                              # rangeExpr
    | call                                                          # callExpr
    | thread=ident COLON reg=ident                                  # threadRegExpr
    | target=ident DOT field=ident                                  # fieldExpr
    | ident                                                         # nameExpr
    | NUMBER                                                        # numberExpr
    | (TRUE | FALSE)                                                # boolExpr
    ;

call
    : ident LPAREN (expr (COMMA expr)*)? RPAREN
    ;

ident
    : ID
    ;

// ---- lexer ----

ERA      : 'era';
PAGE     : 'page';
AT       : 'at';
FRAME    : 'frame';
DEVICE   : 'device';
SPINLOCK : 'spinlock';
MUTEX    : 'mutex';
CPU      : 'cpu';
DEV      : 'dev';
ON       : 'on';
PROC     : 'proc';
NOTIFIER : 'notifier';
INTERVAL : 'interval';
RETURN   : 'return';
ARCH     : 'arch';
GATHER_BATCH : 'gather_batch';
MODE     : 'mode';
SCHEDULE : 'schedule';
EXPECT   : 'expect';
EXISTS   : 'exists';
FORALL   : 'forall';
TIME     : 'time' | 'Time' | 'TIME';
TRY      : 'try';
ATOMIC   : 'atomic';
IF       : 'if';
ELSE     : 'else';
WHILE    : 'while';
MAX      : 'max';
REPEAT   : 'repeat';
ASSERT   : 'assert';
PREEMPT  : 'preempt' | 'preempted';
TRUE     : 'true';
FALSE    : 'false';

LPAREN  : '(';
RPAREN  : ')';
LBRACE  : '{';
RBRACE  : '}';
LBRACK  : '[';
RBRACK  : ']';
COMMA   : ',';
SEMI    : ';';
COLON   : ':';
DOTDOT  : '..';
DOT     : '.';
EQ      : '==';
NE      : '!=';
LE      : '<=';
GE      : '>=';
LT      : '<';
GT      : '>';
ASSIGN  : '=';
ANDAND  : '&&';
OROR    : '||';
WEDGE   : '/\\';
VEE     : '\\/';
PLUS    : '+';
MINUS   : '-';
STAR    : '*';
SLASH   : '/';
PERCENT : '%';
BANG    : '!';
TILDE   : '~';

// Versions such as 4.15 and 6.6 for the era.
VERSION : [0-9]+ '.' [0-9]+;
NUMBER  : '0' [xX] [0-9a-fA-F_]+ | [0-9] [0-9_]*;

// Names may carry hyphens, as the document's thread names do (CPU-thread-0): write a minus
// between names with spaces around it.
ID : [A-Za-z_] [A-Za-z0-9_]* ('-' [A-Za-z0-9_]+)*;

// The document's "[Time N+1] -----" rulers, and any text after them on the line
// ("[time 12] --- replace_page(): the new pte"): a note for the reader.
RULER : '-' '-' '-'+ ~[\r\n]* -> skip;

LINE_COMMENT  : '//' ~[\r\n]* -> skip;
// Only the openers of block comments are lexed here; dev.mmun.syntax.CommentLexer reads the rest
// of the comment in one pass (herd's (* *) nest, C's /* */ do not). A rule such as '/*' .*? '*/'
// rescans the rest of the text for every opener that is never closed: quadratic on bad input.
BLOCK_COMMENT_OPEN : '/*';
HERD_COMMENT_OPEN  : '(*';
WS            : [ \t\r\n\f]+ -> skip;

// Anything else becomes a token with a position, so the parser reports it where it stands.
ERROR_CHAR : .;
