" .mmun files are mmun scenarios
autocmd BufRead,BufNewFile *.mmun setfiletype mmun
